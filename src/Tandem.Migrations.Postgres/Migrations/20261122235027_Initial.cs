using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Tandem.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    DeactivatedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    TotpSecret = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    TotpConfirmedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    LastTotpTimeStep = table.Column<long>(type: "bigint", nullable: false),
                    FailedSignIns = table.Column<int>(type: "integer", nullable: false),
                    SignInBlockedUntil = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: true),
                    SecurityStamp = table.Column<string>(type: "text", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true),
                    PhoneNumber = table.Column<string>(type: "text", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Target = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    Details = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    PreviousHash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "data_keys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Wrapped = table.Column<byte[]>(type: "bytea", maxLength: 128, nullable: false),
                    MasterKeyId = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true),
                    Xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "organisations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_organisations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "staff_links",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    TokenHash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    DisplayName = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    Role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    CreatedById = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    UsedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    RevokedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_staff_links", x => x.Id);
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

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoleId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    ProviderKey = table.Column<string>(type: "text", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "text", nullable: true),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    RoleId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

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
                name: "staff_recovery_codes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    CodeHash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_staff_recovery_codes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_staff_recovery_codes_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "beneficiary_spaces",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CodeLookup = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    CodeHash = table.Column<byte[]>(type: "bytea", maxLength: 64, nullable: false),
                    CodeSalt = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    DataKeyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Pseudonym = table.Column<byte[]>(type: "bytea", nullable: true),
                    ContactKind = table.Column<int>(type: "integer", nullable: true),
                    Contact = table.Column<byte[]>(type: "bytea", nullable: true),
                    FailedSignIns = table.Column<int>(type: "integer", nullable: false),
                    SignInBlockedUntil = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    Stamp = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_beneficiary_spaces", x => x.Id);
                    table.ForeignKey(
                        name: "FK_beneficiary_spaces_data_keys_DataKeyId",
                        column: x => x.DataKeyId,
                        principalTable: "data_keys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "organisation_units",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_organisation_units", x => x.Id);
                    table.ForeignKey(
                        name: "FK_organisation_units_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

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
                name: "requests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SpaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    DataKeyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Collective = table.Column<bool>(type: "boolean", nullable: false),
                    Participants = table.Column<int>(type: "integer", nullable: false),
                    Modality = table.Column<int>(type: "integer", nullable: false),
                    LongInterviewAvailable = table.Column<bool>(type: "boolean", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: true),
                    JobFamilyId = table.Column<Guid>(type: "uuid", nullable: true),
                    Message = table.Column<byte[]>(type: "bytea", nullable: true),
                    Urgent = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    TriagedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    TriagedById = table.Column<Guid>(type: "uuid", nullable: true),
                    SignpostedTo = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    OutcomeText = table.Column<byte[]>(type: "bytea", nullable: true),
                    FrameworkPresentedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    LongInterviewConfirmedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_requests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_requests_beneficiary_spaces_SpaceId",
                        column: x => x.SpaceId,
                        principalTable: "beneficiary_spaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_requests_data_keys_DataKeyId",
                        column: x => x.DataKeyId,
                        principalTable: "data_keys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_requests_organisation_units_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "organisation_units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_requests_organisation_units_JobFamilyId",
                        column: x => x.JobFamilyId,
                        principalTable: "organisation_units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_requests_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

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
                    CancelledAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    Place = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    VideoRoom = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CallbackNumber = table.Column<byte[]>(type: "bytea", nullable: true),
                    Attendance = table.Column<int>(type: "integer", nullable: false)
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
                name: "excluded_pairs",
                columns: table => new
                {
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    PractitionerA = table.Column<Guid>(type: "uuid", nullable: false),
                    PractitionerB = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_excluded_pairs", x => new { x.RequestId, x.PractitionerA, x.PractitionerB });
                    table.ForeignKey(
                        name: "FK_excluded_pairs_requests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "request_messages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    FromCoordination = table.Column<bool>(type: "boolean", nullable: false),
                    AuthorStaffId = table.Column<Guid>(type: "uuid", nullable: true),
                    Body = table.Column<byte[]>(type: "bytea", nullable: false),
                    SentAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    ReadAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_request_messages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_request_messages_requests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "request_themes",
                columns: table => new
                {
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_request_themes", x => new { x.RequestId, x.Code });
                    table.ForeignKey(
                        name: "FK_request_themes_requests_RequestId",
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

            migrationBuilder.InsertData(
                table: "AspNetRoles",
                columns: new[] { "Id", "ConcurrencyStamp", "Name", "NormalizedName" },
                values: new object[,]
                {
                    { new Guid("7b0f0c52-6a54-4f5e-9a01-000000000001"), "7b0f0c52-6a54-4f5e-9a01-000000000001", "administrator", "ADMINISTRATOR" },
                    { new Guid("7b0f0c52-6a54-4f5e-9a01-000000000002"), "7b0f0c52-6a54-4f5e-9a01-000000000002", "coordinator", "COORDINATOR" },
                    { new Guid("7b0f0c52-6a54-4f5e-9a01-000000000003"), "7b0f0c52-6a54-4f5e-9a01-000000000003", "practitioner", "PRACTITIONER" },
                    { new Guid("7b0f0c52-6a54-4f5e-9a01-000000000004"), "7b0f0c52-6a54-4f5e-9a01-000000000004", "organisation_contact", "ORGANISATION_CONTACT" }
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
                columns: new[] { "RequestId", "Kind" },
                unique: true,
                filter: "\"CancelledAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_appointments_SecondPractitionerId",
                table: "appointments",
                column: "SecondPractitionerId");

            migrationBuilder.CreateIndex(
                name: "IX_appointments_Start",
                table: "appointments",
                column: "Start");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_Role",
                table: "AspNetUsers",
                column: "Role");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_At",
                table: "audit_entries",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_availability_openings_PractitionerId_Date",
                table: "availability_openings",
                columns: new[] { "PractitionerId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_availability_windows_PractitionerId_Day",
                table: "availability_windows",
                columns: new[] { "PractitionerId", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_beneficiary_spaces_CodeLookup",
                table: "beneficiary_spaces",
                column: "CodeLookup",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_beneficiary_spaces_DataKeyId",
                table: "beneficiary_spaces",
                column: "DataKeyId");

            migrationBuilder.CreateIndex(
                name: "IX_busy_cells_AppointmentId",
                table: "busy_cells",
                column: "AppointmentId");

            migrationBuilder.CreateIndex(
                name: "IX_organisation_units_OrganisationId_Kind_Position",
                table: "organisation_units",
                columns: new[] { "OrganisationId", "Kind", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_organisations_Code",
                table: "organisations",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_practitioner_leaves_PractitionerId_Start",
                table: "practitioner_leaves",
                columns: new[] { "PractitionerId", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_practitioner_profiles_UserId",
                table: "practitioner_profiles",
                column: "UserId",
                unique: true);

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
                name: "IX_request_messages_RequestId_SentAt",
                table: "request_messages",
                columns: new[] { "RequestId", "SentAt" });

            migrationBuilder.CreateIndex(
                name: "IX_requests_DataKeyId",
                table: "requests",
                column: "DataKeyId");

            migrationBuilder.CreateIndex(
                name: "IX_requests_DepartmentId",
                table: "requests",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_requests_JobFamilyId",
                table: "requests",
                column: "JobFamilyId");

            migrationBuilder.CreateIndex(
                name: "IX_requests_OrganisationId",
                table: "requests",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_requests_SpaceId",
                table: "requests",
                column: "SpaceId");

            migrationBuilder.CreateIndex(
                name: "IX_requests_Status_Urgent_CreatedAt",
                table: "requests",
                columns: new[] { "Status", "Urgent", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_staff_links_TokenHash",
                table: "staff_links",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_staff_recovery_codes_UserId_CodeHash",
                table: "staff_recovery_codes",
                columns: new[] { "UserId", "CodeHash" },
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
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "availability_openings");

            migrationBuilder.DropTable(
                name: "availability_windows");

            migrationBuilder.DropTable(
                name: "busy_cells");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "excluded_pairs");

            migrationBuilder.DropTable(
                name: "practitioner_disciplines");

            migrationBuilder.DropTable(
                name: "practitioner_leaves");

            migrationBuilder.DropTable(
                name: "prior_links");

            migrationBuilder.DropTable(
                name: "request_messages");

            migrationBuilder.DropTable(
                name: "request_themes");

            migrationBuilder.DropTable(
                name: "staff_links");

            migrationBuilder.DropTable(
                name: "staff_recovery_codes");

            migrationBuilder.DropTable(
                name: "suited_pairs");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "appointments");

            migrationBuilder.DropTable(
                name: "practitioner_profiles");

            migrationBuilder.DropTable(
                name: "requests");

            migrationBuilder.DropTable(
                name: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "beneficiary_spaces");

            migrationBuilder.DropTable(
                name: "organisation_units");

            migrationBuilder.DropTable(
                name: "data_keys");

            migrationBuilder.DropTable(
                name: "organisations");
        }
    }
}
