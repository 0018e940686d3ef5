using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Sqlite.Migrations
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
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Place",
                table: "appointments",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VideoRoom",
                table: "appointments",
                type: "TEXT",
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
