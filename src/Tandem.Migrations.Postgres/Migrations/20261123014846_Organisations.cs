using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Tandem.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Organisations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<LocalDate>(
                name: "AgreementEnd",
                table: "organisations",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<LocalDate>(
                name: "AgreementStart",
                table: "organisations",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<Instant>(
                name: "CreatedAt",
                table: "organisations",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: NodaTime.Instant.FromUnixTimeTicks(0L));

            migrationBuilder.AddColumn<bool>(
                name: "IncludesGroups",
                table: "organisations",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "IncludesInterviews",
                table: "organisations",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "IncludesListeningLine",
                table: "organisations",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "IncludesTeamProgrammes",
                table: "organisations",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "Kind",
                table: "organisations",
                type: "integer",
                nullable: false,
                defaultValue: 1); // existing organisations are companies

            migrationBuilder.AddColumn<string>(
                name: "Prices",
                table: "organisations",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Headcount",
                table: "organisation_units",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "OrganisationId",
                table: "AspNetUsers",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "onboarding_steps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Date = table.Column<LocalDate>(type: "date", nullable: false),
                    Attendees = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    MinimumCell = table.Column<int>(type: "integer", nullable: true),
                    Tables = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RecordedById = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_onboarding_steps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_onboarding_steps_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_OrganisationId",
                table: "AspNetUsers",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_onboarding_steps_OrganisationId_Date",
                table: "onboarding_steps",
                columns: new[] { "OrganisationId", "Date" });

            migrationBuilder.AddForeignKey(
                name: "FK_AspNetUsers_organisations_OrganisationId",
                table: "AspNetUsers",
                column: "OrganisationId",
                principalTable: "organisations",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_AspNetUsers_organisations_OrganisationId",
                table: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "onboarding_steps");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_OrganisationId",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "AgreementEnd",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "AgreementStart",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "CreatedAt",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "IncludesGroups",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "IncludesInterviews",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "IncludesListeningLine",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "IncludesTeamProgrammes",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "Prices",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "Headcount",
                table: "organisation_units");

            migrationBuilder.DropColumn(
                name: "OrganisationId",
                table: "AspNetUsers");
        }
    }
}
