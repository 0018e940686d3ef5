using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Sqlite.Migrations
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PublicName = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Languages = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Presentation = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Places = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    OffersInPerson = table.Column<bool>(type: "INTEGER", nullable: false),
                    OffersPhone = table.Column<bool>(type: "INTEGER", nullable: false),
                    OffersVideo = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
                    PractitionerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_practitioner_disciplines", x => new { x.PractitionerId, x.Code });
                    table.ForeignKey(
                        name: "FK_practitioner_disciplines_practitioner_profiles_PractitionerId",
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
