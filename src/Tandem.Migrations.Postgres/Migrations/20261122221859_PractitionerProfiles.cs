using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Tandem.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PractitionerProfiles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "practitioner_profiles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    PublicName = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Languages = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Presentation = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Places = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    OffersInPerson = table.Column<bool>(type: "boolean", nullable: false),
                    OffersPhone = table.Column<bool>(type: "boolean", nullable: false),
                    OffersVideo = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_practitioner_profiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_practitioner_profiles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "practitioner_disciplines",
                columns: table => new
                {
                    PractitionerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_practitioner_disciplines", x => new { x.PractitionerId, x.Code });
                    table.ForeignKey(
                        name: "FK_practitioner_disciplines_practitioner_profiles_Practitioner~",
                        column: x => x.PractitionerId,
                        principalTable: "practitioner_profiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_practitioner_profiles_UserId",
                table: "practitioner_profiles",
                column: "UserId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "practitioner_disciplines");

            migrationBuilder.DropTable(
                name: "practitioner_profiles");
        }
    }
}
