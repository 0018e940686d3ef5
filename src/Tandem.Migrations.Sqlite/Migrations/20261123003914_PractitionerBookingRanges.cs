using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PractitionerBookingRanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "busy_cells");

            migrationBuilder.CreateTable(
                name: "practitioner_bookings",
                columns: table => new
                {
                    AppointmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PractitionerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Start = table.Column<long>(type: "INTEGER", nullable: false),
                    End = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_practitioner_bookings", x => new { x.AppointmentId, x.PractitionerId });
                    table.ForeignKey(
                        name: "FK_practitioner_bookings_appointments_AppointmentId",
                        column: x => x.AppointmentId,
                        principalTable: "appointments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_practitioner_bookings_PractitionerId_Start",
                table: "practitioner_bookings",
                columns: new[] { "PractitionerId", "Start" });

            // Appointments booked before this migration keep their practitioners' time.
            migrationBuilder.Sql("""
                INSERT INTO practitioner_bookings ("AppointmentId", "PractitionerId", "Start", "End")
                SELECT "Id", "FirstPractitionerId", "Start", "End" FROM appointments WHERE "CancelledAt" IS NULL
                UNION ALL
                SELECT "Id", "SecondPractitionerId", "Start", "End" FROM appointments WHERE "CancelledAt" IS NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "practitioner_bookings");

            migrationBuilder.CreateTable(
                name: "busy_cells",
                columns: table => new
                {
                    PractitionerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CellStart = table.Column<long>(type: "INTEGER", nullable: false),
                    AppointmentId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_busy_cells", x => new { x.PractitionerId, x.CellStart });
                    table.ForeignKey(
                        name: "FK_busy_cells_appointments_AppointmentId",
                        column: x => x.AppointmentId,
                        principalTable: "appointments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_busy_cells_AppointmentId",
                table: "busy_cells",
                column: "AppointmentId");
        }
    }
}
