using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CodeHashScheme : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CodeScheme",
                table: "beneficiary_spaces",
                type: "integer",
                nullable: false,

                // Edited: the spaces already there were hashed in two lanes (CodeHashScheme.TwoLanes).
                defaultValue: 1);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CodeScheme",
                table: "beneficiary_spaces");
        }
    }
}
