using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class IndicatorIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_requests_OrganisationId",
                table: "requests");

            migrationBuilder.CreateIndex(
                name: "IX_who5_responses_Moment_AnsweredAt",
                table: "who5_responses",
                columns: new[] { "Moment", "AnsweredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_requests_OrganisationId_CreatedAt",
                table: "requests",
                columns: new[] { "OrganisationId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_interview_records_RecordedAt",
                table: "interview_records",
                column: "RecordedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_who5_responses_Moment_AnsweredAt",
                table: "who5_responses");

            migrationBuilder.DropIndex(
                name: "IX_requests_OrganisationId_CreatedAt",
                table: "requests");

            migrationBuilder.DropIndex(
                name: "IX_interview_records_RecordedAt",
                table: "interview_records");

            migrationBuilder.CreateIndex(
                name: "IX_requests_OrganisationId",
                table: "requests",
                column: "OrganisationId");
        }
    }
}
