using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class OneActiveInterviewOfEachKind : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_appointments_RequestId_Kind",
                table: "appointments");

            migrationBuilder.CreateIndex(
                name: "IX_appointments_RequestId_Kind",
                table: "appointments",
                columns: new[] { "RequestId", "Kind" },
                unique: true,
                filter: "\"CancelledAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_appointments_RequestId_Kind",
                table: "appointments");

            migrationBuilder.CreateIndex(
                name: "IX_appointments_RequestId_Kind",
                table: "appointments",
                columns: new[] { "RequestId", "Kind" });
        }
    }
}
