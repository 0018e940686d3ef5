using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AppointmentModalityDetails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "CallbackNumber",
                table: "appointments",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Place",
                table: "appointments",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VideoRoom",
                table: "appointments",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CallbackNumber",
                table: "appointments");

            migrationBuilder.DropColumn(
                name: "Place",
                table: "appointments");

            migrationBuilder.DropColumn(
                name: "VideoRoom",
                table: "appointments");
        }
    }
}
