using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Organisations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AgreementEnd",
                table: "organisations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AgreementStart",
                table: "organisations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CreatedAt",
                table: "organisations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<bool>(
                name: "IncludesGroups",
                table: "organisations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "IncludesInterviews",
                table: "organisations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "IncludesListeningLine",
                table: "organisations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "IncludesTeamProgrammes",
                table: "organisations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "Kind",
                table: "organisations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1); // existing organisations are companies

            migrationBuilder.AddColumn<string>(
                name: "Prices",
                table: "organisations",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Headcount",
                table: "organisation_units",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "OrganisationId",
                table: "AspNetUsers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "onboarding_steps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Date = table.Column<string>(type: "TEXT", nullable: false),
                    Attendees = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    MinimumCell = table.Column<int>(type: "INTEGER", nullable: true),
                    Tables = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RecordedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
