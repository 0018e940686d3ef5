using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CalendarFeeds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CalendarFeedHash",
                table: "practitioner_profiles",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_practitioner_profiles_CalendarFeedHash",
                table: "practitioner_profiles",
                column: "CalendarFeedHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_practitioner_profiles_CalendarFeedHash",
                table: "practitioner_profiles");

            migrationBuilder.DropColumn(
                name: "CalendarFeedHash",
                table: "practitioner_profiles");
        }
    }
}
