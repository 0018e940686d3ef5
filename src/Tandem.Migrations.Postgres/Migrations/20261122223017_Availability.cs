using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Tandem.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Availability : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "availability_openings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PractitionerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Date = table.Column<LocalDate>(type: "date", nullable: false),
                    Start = table.Column<LocalTime>(type: "time", nullable: false),
                    End = table.Column<LocalTime>(type: "time", nullable: false),
                    Modality = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_availability_openings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_availability_openings_practitioner_profiles_PractitionerId",
                        column: x => x.PractitionerId,
                        principalTable: "practitioner_profiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "availability_windows",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PractitionerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Day = table.Column<int>(type: "integer", nullable: false),
                    Start = table.Column<LocalTime>(type: "time", nullable: false),
                    End = table.Column<LocalTime>(type: "time", nullable: false),
                    Modality = table.Column<int>(type: "integer", nullable: false),
                    Place = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_availability_windows", x => x.Id);
                    table.ForeignKey(
                        name: "FK_availability_windows_practitioner_profiles_PractitionerId",
                        column: x => x.PractitionerId,
                        principalTable: "practitioner_profiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "practitioner_leaves",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PractitionerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Start = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    End = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_practitioner_leaves", x => x.Id);
                    table.ForeignKey(
                        name: "FK_practitioner_leaves_practitioner_profiles_PractitionerId",
                        column: x => x.PractitionerId,
                        principalTable: "practitioner_profiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "prior_links",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PractitionerId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_prior_links", x => x.Id);
                    table.ForeignKey(
                        name: "FK_prior_links_organisation_units_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "organisation_units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_prior_links_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_prior_links_practitioner_profiles_PractitionerId",
                        column: x => x.PractitionerId,
                        principalTable: "practitioner_profiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "suited_pairs",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Theme = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    DisciplineA = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    DisciplineB = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_suited_pairs", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "suited_pairs",
                columns: new[] { "Id", "DisciplineA", "DisciplineB", "Theme" },
                values: new object[,]
                {
                    { 1, "clinical_psychologist", "labour_lawyer", "harassment" },
                    { 2, "work_psychologist", "labour_lawyer", "harassment" },
                    { 3, "work_psychologist", "labour_lawyer", "discrimination" },
                    { 4, "clinical_psychologist", "occupational_physician", "violence" },
                    { 5, "social_worker", "clinical_psychologist", "social_difficulty" },
                    { 6, "social_worker", "work_psychologist", "social_difficulty" },
                    { 7, "occupational_physician", "clinical_psychologist", "burnout" },
                    { 8, "occupational_physician", "work_psychologist", "burnout" },
                    { 9, "work_psychologist", "occupational_physician", "stress" },
                    { 10, "work_psychologist", "career_counsellor", "loss_of_meaning" },
                    { 11, "clinical_psychologist", "career_counsellor", "loss_of_meaning" },
                    { 12, "career_counsellor", "labour_lawyer", "job_insecurity" },
                    { 13, "social_worker", "career_counsellor", "job_insecurity" },
                    { 14, "work_psychologist", "coach", "conflict" },
                    { 15, "work_psychologist", "coach", "organisational_change" },
                    { 16, "clinical_psychologist", "social_worker", "isolation" }
                });

            migrationBuilder.CreateIndex(
                name: "IX_availability_openings_PractitionerId_Date",
                table: "availability_openings",
                columns: new[] { "PractitionerId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_availability_windows_PractitionerId_Day",
                table: "availability_windows",
                columns: new[] { "PractitionerId", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_practitioner_leaves_PractitionerId_Start",
                table: "practitioner_leaves",
                columns: new[] { "PractitionerId", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_prior_links_DepartmentId",
                table: "prior_links",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_prior_links_OrganisationId",
                table: "prior_links",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_prior_links_PractitionerId_OrganisationId_DepartmentId",
                table: "prior_links",
                columns: new[] { "PractitionerId", "OrganisationId", "DepartmentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_suited_pairs_Theme_DisciplineA_DisciplineB",
                table: "suited_pairs",
                columns: new[] { "Theme", "DisciplineA", "DisciplineB" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "availability_openings");

            migrationBuilder.DropTable(
                name: "availability_windows");

            migrationBuilder.DropTable(
                name: "practitioner_leaves");

            migrationBuilder.DropTable(
                name: "prior_links");

            migrationBuilder.DropTable(
                name: "suited_pairs");
        }
    }
}
