using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Tandem.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Appointments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "appointments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Start = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    End = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    Modality = table.Column<int>(type: "integer", nullable: false),
                    FirstPractitionerId = table.Column<Guid>(type: "uuid", nullable: false),
                    SecondPractitionerId = table.Column<Guid>(type: "uuid", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    CreatedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    CancelledAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_appointments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_appointments_practitioner_profiles_FirstPractitionerId",
                        column: x => x.FirstPractitionerId,
                        principalTable: "practitioner_profiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_appointments_practitioner_profiles_SecondPractitionerId",
                        column: x => x.SecondPractitionerId,
                        principalTable: "practitioner_profiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_appointments_requests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

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
                name: "IX_appointments_FirstPractitionerId",
                table: "appointments",
                column: "FirstPractitionerId");

            migrationBuilder.CreateIndex(
                name: "IX_appointments_IdempotencyKey",
                table: "appointments",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_appointments_RequestId_Kind",
                table: "appointments",
                columns: new[] { "RequestId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_appointments_SecondPractitionerId",
                table: "appointments",
                column: "SecondPractitionerId");

            migrationBuilder.CreateIndex(
                name: "IX_appointments_Start",
                table: "appointments",
                column: "Start");

            migrationBuilder.CreateIndex(
                name: "IX_busy_cells_AppointmentId",
                table: "busy_cells",
                column: "AppointmentId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "busy_cells");

            migrationBuilder.DropTable(
                name: "appointments");
        }
    }
}
