using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Tandem.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PractitionerBookingRanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "busy_cells");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:btree_gist", ",,");

            migrationBuilder.CreateTable(
                name: "practitioner_bookings",
                columns: table => new
                {
                    AppointmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    PractitionerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Start = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    End = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
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

            // EF cannot model it: a practitioner is never in two appointments whose times overlap.
            migrationBuilder.Sql("""
                ALTER TABLE practitioner_bookings ADD CONSTRAINT practitioner_bookings_no_overlap
                EXCLUDE USING gist ("PractitionerId" WITH =, tstzrange("Start", "End", '[)') WITH &&);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "practitioner_bookings");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:btree_gist", ",,");

            migrationBuilder.CreateTable(
                name: "busy_cells",
                columns: table => new
                {
                    PractitionerId = table.Column<Guid>(type: "uuid", nullable: false),
                    CellStart = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    AppointmentId = table.Column<Guid>(type: "uuid", nullable: false)
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
