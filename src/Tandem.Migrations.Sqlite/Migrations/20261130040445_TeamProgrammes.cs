using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TeamProgrammes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BillingAddress",
                table: "organisations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "document_counters",
                columns: table => new
                {
                    Series = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Last = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_document_counters", x => new { x.Series, x.Year });
                });

            migrationBuilder.CreateTable(
                name: "invoices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Month = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    IssuedOn = table.Column<string>(type: "TEXT", nullable: false),
                    DueOn = table.Column<string>(type: "TEXT", nullable: false),
                    SellerName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    SellerAddress = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    SellerSiret = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SellerVatNumber = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    BuyerName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    BuyerAddress = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    TotalExcludingVat = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    VatRate = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: false),
                    Vat = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    TotalIncludingVat = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedById = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_invoices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_invoices_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "team_programmes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Type = table.Column<int>(type: "INTEGER", nullable: false),
                    FacilitatorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StartDate = table.Column<string>(type: "TEXT", nullable: false),
                    EndDate = table.Column<string>(type: "TEXT", nullable: false),
                    SessionsPerMonth = table.Column<int>(type: "INTEGER", nullable: false),
                    SessionMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    HourlyRate = table.Column<decimal>(type: "TEXT", precision: 10, scale: 2, nullable: false),
                    Phase = table.Column<int>(type: "INTEGER", nullable: true),
                    PlanAgreedOn = table.Column<string>(type: "TEXT", nullable: true),
                    Plan = table.Column<byte[]>(type: "BLOB", nullable: true),
                    DataKeyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_team_programmes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_team_programmes_data_keys_DataKeyId",
                        column: x => x.DataKeyId,
                        principalTable: "data_keys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_team_programmes_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_team_programmes_practitioner_profiles_FacilitatorId",
                        column: x => x.FacilitatorId,
                        principalTable: "practitioner_profiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "invoice_lines",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    InvoiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Type = table.Column<int>(type: "INTEGER", nullable: false),
                    SessionStart = table.Column<long>(type: "INTEGER", nullable: false),
                    Hours = table.Column<decimal>(type: "TEXT", precision: 8, scale: 2, nullable: false),
                    UnitPrice = table.Column<decimal>(type: "TEXT", precision: 10, scale: 2, nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_invoice_lines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_invoice_lines_invoices_InvoiceId",
                        column: x => x.InvoiceId,
                        principalTable: "invoices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "programme_participants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    RulesToken = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AcceptedRulesAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AcceptedBy = table.Column<int>(type: "INTEGER", nullable: true),
                    RemovedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_programme_participants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_programme_participants_team_programmes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "team_programmes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "programme_sessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Start = table.Column<long>(type: "INTEGER", nullable: false),
                    Minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    Phase = table.Column<int>(type: "INTEGER", nullable: true),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    Synthesis = table.Column<byte[]>(type: "BLOB", nullable: true),
                    SynthesisPublishedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_programme_sessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_programme_sessions_team_programmes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "team_programmes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "programme_attendances",
                columns: table => new
                {
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ParticipantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Present = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_programme_attendances", x => new { x.SessionId, x.ParticipantId });
                    table.ForeignKey(
                        name: "FK_programme_attendances_programme_participants_ParticipantId",
                        column: x => x.ParticipantId,
                        principalTable: "programme_participants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_programme_attendances_programme_sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "programme_sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_invoice_lines_InvoiceId",
                table: "invoice_lines",
                column: "InvoiceId");

            migrationBuilder.CreateIndex(
                name: "IX_invoice_lines_SessionId",
                table: "invoice_lines",
                column: "SessionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_invoices_Number",
                table: "invoices",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_invoices_OrganisationId_Month",
                table: "invoices",
                columns: new[] { "OrganisationId", "Month" });

            migrationBuilder.CreateIndex(
                name: "IX_programme_attendances_ParticipantId",
                table: "programme_attendances",
                column: "ParticipantId");

            migrationBuilder.CreateIndex(
                name: "IX_programme_participants_ProgrammeId",
                table: "programme_participants",
                column: "ProgrammeId");

            migrationBuilder.CreateIndex(
                name: "IX_programme_participants_RulesToken",
                table: "programme_participants",
                column: "RulesToken",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_programme_sessions_ProgrammeId_Start",
                table: "programme_sessions",
                columns: new[] { "ProgrammeId", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_programme_sessions_State_Start",
                table: "programme_sessions",
                columns: new[] { "State", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_team_programmes_DataKeyId",
                table: "team_programmes",
                column: "DataKeyId");

            migrationBuilder.CreateIndex(
                name: "IX_team_programmes_FacilitatorId",
                table: "team_programmes",
                column: "FacilitatorId");

            migrationBuilder.CreateIndex(
                name: "IX_team_programmes_Number",
                table: "team_programmes",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_team_programmes_OrganisationId",
                table: "team_programmes",
                column: "OrganisationId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "document_counters");

            migrationBuilder.DropTable(
                name: "invoice_lines");

            migrationBuilder.DropTable(
                name: "programme_attendances");

            migrationBuilder.DropTable(
                name: "invoices");

            migrationBuilder.DropTable(
                name: "programme_participants");

            migrationBuilder.DropTable(
                name: "programme_sessions");

            migrationBuilder.DropTable(
                name: "team_programmes");

            migrationBuilder.DropColumn(
                name: "BillingAddress",
                table: "organisations");
        }
    }
}
