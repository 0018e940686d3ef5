using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Tandem.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class GroupsAndWorkshops : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Instant>(
                name: "GroupsProposedAt",
                table: "requests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "EnrolmentId",
                table: "outbox_messages",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "GroupSessionId",
                table: "outbox_messages",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "group_activities",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Theme = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    FirstFacilitatorId = table.Column<Guid>(type: "uuid", nullable: false),
                    SecondFacilitatorId = table.Column<Guid>(type: "uuid", nullable: true),
                    Modality = table.Column<int>(type: "integer", nullable: false),
                    Place = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Access = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    VideoRoom = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Capacity = table.Column<int>(type: "integer", nullable: false),
                    Taken = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_group_activities", x => x.Id);
                    table.CheckConstraint("ck_group_activities_capacity", "\"Taken\" >= 0 AND \"Taken\" <= \"Capacity\"");
                    table.ForeignKey(
                        name: "FK_group_activities_practitioner_profiles_FirstFacilitatorId",
                        column: x => x.FirstFacilitatorId,
                        principalTable: "practitioner_profiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_group_activities_practitioner_profiles_SecondFacilitatorId",
                        column: x => x.SecondFacilitatorId,
                        principalTable: "practitioner_profiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "group_sessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ActivityId = table.Column<Guid>(type: "uuid", nullable: false),
                    Start = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    End = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    Capacity = table.Column<int>(type: "integer", nullable: false),
                    Taken = table.Column<int>(type: "integer", nullable: false),
                    CancelledAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_group_sessions", x => x.Id);
                    table.CheckConstraint("ck_group_sessions_capacity", "\"Taken\" >= 0 AND \"Taken\" <= \"Capacity\"");
                    table.ForeignKey(
                        name: "FK_group_sessions_group_activities_ActivityId",
                        column: x => x.ActivityId,
                        principalTable: "group_activities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "group_enrolments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ActivityId = table.Column<Guid>(type: "uuid", nullable: false),
                    SessionId = table.Column<Guid>(type: "uuid", nullable: true),
                    RosterId = table.Column<Guid>(type: "uuid", nullable: false),
                    SpaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Pseudonym = table.Column<byte[]>(type: "bytea", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    ConfirmedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    CancelledAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_group_enrolments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_group_enrolments_beneficiary_spaces_SpaceId",
                        column: x => x.SpaceId,
                        principalTable: "beneficiary_spaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_group_enrolments_group_activities_ActivityId",
                        column: x => x.ActivityId,
                        principalTable: "group_activities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_group_enrolments_group_sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "group_sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "group_attendances",
                columns: table => new
                {
                    SessionId = table.Column<Guid>(type: "uuid", nullable: false),
                    EnrolmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Present = table.Column<bool>(type: "boolean", nullable: false),
                    RecordedById = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_group_attendances", x => new { x.SessionId, x.EnrolmentId });
                    table.ForeignKey(
                        name: "FK_group_attendances_group_enrolments_EnrolmentId",
                        column: x => x.EnrolmentId,
                        principalTable: "group_enrolments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_group_attendances_group_sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "group_sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_EnrolmentId",
                table: "outbox_messages",
                column: "EnrolmentId");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_GroupSessionId",
                table: "outbox_messages",
                column: "GroupSessionId");

            migrationBuilder.CreateIndex(
                name: "IX_group_activities_FirstFacilitatorId",
                table: "group_activities",
                column: "FirstFacilitatorId");

            migrationBuilder.CreateIndex(
                name: "IX_group_activities_SecondFacilitatorId",
                table: "group_activities",
                column: "SecondFacilitatorId");

            migrationBuilder.CreateIndex(
                name: "IX_group_attendances_EnrolmentId",
                table: "group_attendances",
                column: "EnrolmentId");

            migrationBuilder.CreateIndex(
                name: "IX_group_enrolments_ActivityId",
                table: "group_enrolments",
                column: "ActivityId");

            migrationBuilder.CreateIndex(
                name: "IX_group_enrolments_RosterId_SpaceId",
                table: "group_enrolments",
                columns: new[] { "RosterId", "SpaceId" },
                unique: true,
                filter: "\"State\" <> 3");

            migrationBuilder.CreateIndex(
                name: "IX_group_enrolments_RosterId_State_CreatedAt",
                table: "group_enrolments",
                columns: new[] { "RosterId", "State", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_group_enrolments_SessionId",
                table: "group_enrolments",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_group_enrolments_SpaceId",
                table: "group_enrolments",
                column: "SpaceId");

            migrationBuilder.CreateIndex(
                name: "IX_group_sessions_ActivityId_Start",
                table: "group_sessions",
                columns: new[] { "ActivityId", "Start" });

            migrationBuilder.AddForeignKey(
                name: "FK_outbox_messages_group_enrolments_EnrolmentId",
                table: "outbox_messages",
                column: "EnrolmentId",
                principalTable: "group_enrolments",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_outbox_messages_group_sessions_GroupSessionId",
                table: "outbox_messages",
                column: "GroupSessionId",
                principalTable: "group_sessions",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_outbox_messages_group_enrolments_EnrolmentId",
                table: "outbox_messages");

            migrationBuilder.DropForeignKey(
                name: "FK_outbox_messages_group_sessions_GroupSessionId",
                table: "outbox_messages");

            migrationBuilder.DropTable(
                name: "group_attendances");

            migrationBuilder.DropTable(
                name: "group_enrolments");

            migrationBuilder.DropTable(
                name: "group_sessions");

            migrationBuilder.DropTable(
                name: "group_activities");

            migrationBuilder.DropIndex(
                name: "IX_outbox_messages_EnrolmentId",
                table: "outbox_messages");

            migrationBuilder.DropIndex(
                name: "IX_outbox_messages_GroupSessionId",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "GroupsProposedAt",
                table: "requests");

            migrationBuilder.DropColumn(
                name: "EnrolmentId",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "GroupSessionId",
                table: "outbox_messages");
        }
    }
}
