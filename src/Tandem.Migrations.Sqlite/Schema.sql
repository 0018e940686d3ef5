CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);

BEGIN TRANSACTION;
CREATE TABLE "AspNetRoles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetRoles" PRIMARY KEY,
    "Name" TEXT NULL,
    "NormalizedName" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL
);

CREATE TABLE "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "DisplayName" TEXT NOT NULL,
    "Role" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "DeactivatedAt" INTEGER NULL,
    "TotpSecret" TEXT NULL,
    "TotpConfirmedAt" INTEGER NULL,
    "LastTotpTimeStep" INTEGER NOT NULL,
    "FailedSignIns" INTEGER NOT NULL,
    "SignInBlockedUntil" INTEGER NULL,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" INTEGER NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL
);

CREATE TABLE "audit_entries" (
    "Sequence" INTEGER NOT NULL CONSTRAINT "PK_audit_entries" PRIMARY KEY,
    "At" INTEGER NOT NULL,
    "Actor" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "Target" TEXT NULL,
    "Details" TEXT NULL,
    "PreviousHash" TEXT NOT NULL,
    "Hash" TEXT NOT NULL
);

CREATE TABLE "data_keys" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_data_keys" PRIMARY KEY,
    "Wrapped" BLOB NOT NULL,
    "MasterKeyId" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL
);

CREATE TABLE "DataProtectionKeys" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_DataProtectionKeys" PRIMARY KEY AUTOINCREMENT,
    "FriendlyName" TEXT NULL,
    "Xml" TEXT NULL
);

CREATE TABLE "organisations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_organisations" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "Code" TEXT NOT NULL
);

CREATE TABLE "staff_links" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_staff_links" PRIMARY KEY,
    "Kind" INTEGER NOT NULL,
    "TokenHash" TEXT NOT NULL,
    "Email" TEXT NULL,
    "DisplayName" TEXT NULL,
    "Role" TEXT NULL,
    "CreatedById" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ExpiresAt" INTEGER NOT NULL,
    "UsedAt" INTEGER NULL,
    "RevokedAt" INTEGER NULL
);

CREATE TABLE "suited_pairs" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_suited_pairs" PRIMARY KEY AUTOINCREMENT,
    "Theme" TEXT NOT NULL,
    "DisciplineA" TEXT NOT NULL,
    "DisciplineB" TEXT NOT NULL
);

CREATE TABLE "AspNetRoleClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetRoleClaims" PRIMARY KEY AUTOINCREMENT,
    "RoleId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetRoleClaims_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserRoles" (
    "UserId" TEXT NOT NULL,
    "RoleId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserRoles" PRIMARY KEY ("UserId", "RoleId"),
    CONSTRAINT "FK_AspNetUserRoles_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AspNetUserRoles_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "practitioner_profiles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_practitioner_profiles" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "PublicName" TEXT NOT NULL,
    "Languages" TEXT NOT NULL,
    "Presentation" TEXT NULL,
    "Places" TEXT NULL,
    "OffersInPerson" INTEGER NOT NULL,
    "OffersPhone" INTEGER NOT NULL,
    "OffersVideo" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_practitioner_profiles_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "staff_recovery_codes" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_staff_recovery_codes" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "CodeHash" TEXT NOT NULL,
    CONSTRAINT "FK_staff_recovery_codes_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "beneficiary_spaces" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_beneficiary_spaces" PRIMARY KEY,
    "CodeLookup" TEXT NOT NULL,
    "CodeHash" BLOB NOT NULL,
    "CodeSalt" BLOB NOT NULL,
    "DataKeyId" TEXT NOT NULL,
    "Pseudonym" BLOB NULL,
    "ContactKind" INTEGER NULL,
    "Contact" BLOB NULL,
    "FailedSignIns" INTEGER NOT NULL,
    "SignInBlockedUntil" INTEGER NULL,
    "CreatedAt" INTEGER NOT NULL,
    "Stamp" TEXT NOT NULL,
    CONSTRAINT "FK_beneficiary_spaces_data_keys_DataKeyId" FOREIGN KEY ("DataKeyId") REFERENCES "data_keys" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "organisation_units" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_organisation_units" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "Position" INTEGER NOT NULL,
    CONSTRAINT "FK_organisation_units_organisations_OrganisationId" FOREIGN KEY ("OrganisationId") REFERENCES "organisations" ("Id") ON DELETE CASCADE
);

CREATE TABLE "availability_openings" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_availability_openings" PRIMARY KEY,
    "PractitionerId" TEXT NOT NULL,
    "Date" TEXT NOT NULL,
    "Start" INTEGER NOT NULL,
    "End" INTEGER NOT NULL,
    "Modality" INTEGER NOT NULL,
    CONSTRAINT "FK_availability_openings_practitioner_profiles_PractitionerId" FOREIGN KEY ("PractitionerId") REFERENCES "practitioner_profiles" ("Id") ON DELETE CASCADE
);

CREATE TABLE "availability_windows" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_availability_windows" PRIMARY KEY,
    "PractitionerId" TEXT NOT NULL,
    "Day" INTEGER NOT NULL,
    "Start" INTEGER NOT NULL,
    "End" INTEGER NOT NULL,
    "Modality" INTEGER NOT NULL,
    "Place" TEXT NULL,
    CONSTRAINT "FK_availability_windows_practitioner_profiles_PractitionerId" FOREIGN KEY ("PractitionerId") REFERENCES "practitioner_profiles" ("Id") ON DELETE CASCADE
);

CREATE TABLE "practitioner_disciplines" (
    "PractitionerId" TEXT NOT NULL,
    "Code" TEXT NOT NULL,
    CONSTRAINT "PK_practitioner_disciplines" PRIMARY KEY ("PractitionerId", "Code"),
    CONSTRAINT "FK_practitioner_disciplines_practitioner_profiles_PractitionerId" FOREIGN KEY ("PractitionerId") REFERENCES "practitioner_profiles" ("Id") ON DELETE CASCADE
);

CREATE TABLE "practitioner_leaves" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_practitioner_leaves" PRIMARY KEY,
    "PractitionerId" TEXT NOT NULL,
    "Start" INTEGER NOT NULL,
    "End" INTEGER NOT NULL,
    CONSTRAINT "FK_practitioner_leaves_practitioner_profiles_PractitionerId" FOREIGN KEY ("PractitionerId") REFERENCES "practitioner_profiles" ("Id") ON DELETE CASCADE
);

CREATE TABLE "prior_links" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_prior_links" PRIMARY KEY,
    "PractitionerId" TEXT NOT NULL,
    "OrganisationId" TEXT NOT NULL,
    "DepartmentId" TEXT NULL,
    CONSTRAINT "FK_prior_links_organisation_units_DepartmentId" FOREIGN KEY ("DepartmentId") REFERENCES "organisation_units" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_prior_links_organisations_OrganisationId" FOREIGN KEY ("OrganisationId") REFERENCES "organisations" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_prior_links_practitioner_profiles_PractitionerId" FOREIGN KEY ("PractitionerId") REFERENCES "practitioner_profiles" ("Id") ON DELETE CASCADE
);

CREATE TABLE "requests" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_requests" PRIMARY KEY,
    "SpaceId" TEXT NOT NULL,
    "DataKeyId" TEXT NOT NULL,
    "Collective" INTEGER NOT NULL,
    "Participants" INTEGER NOT NULL,
    "Modality" INTEGER NOT NULL,
    "LongInterviewAvailable" INTEGER NOT NULL,
    "OrganisationId" TEXT NULL,
    "DepartmentId" TEXT NULL,
    "JobFamilyId" TEXT NULL,
    "Message" BLOB NULL,
    "Urgent" INTEGER NOT NULL,
    "Status" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "TriagedAt" INTEGER NULL,
    "TriagedById" TEXT NULL,
    "SignpostedTo" TEXT NULL,
    "OutcomeText" BLOB NULL,
    "FrameworkPresentedAt" INTEGER NULL,
    "LongInterviewConfirmedAt" INTEGER NULL,
    CONSTRAINT "FK_requests_beneficiary_spaces_SpaceId" FOREIGN KEY ("SpaceId") REFERENCES "beneficiary_spaces" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_requests_data_keys_DataKeyId" FOREIGN KEY ("DataKeyId") REFERENCES "data_keys" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_requests_organisation_units_DepartmentId" FOREIGN KEY ("DepartmentId") REFERENCES "organisation_units" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_requests_organisation_units_JobFamilyId" FOREIGN KEY ("JobFamilyId") REFERENCES "organisation_units" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_requests_organisations_OrganisationId" FOREIGN KEY ("OrganisationId") REFERENCES "organisations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "appointments" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_appointments" PRIMARY KEY,
    "RequestId" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "Start" INTEGER NOT NULL,
    "End" INTEGER NOT NULL,
    "Modality" INTEGER NOT NULL,
    "FirstPractitionerId" TEXT NOT NULL,
    "SecondPractitionerId" TEXT NOT NULL,
    "IdempotencyKey" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "CancelledAt" INTEGER NULL,
    "Place" TEXT NULL,
    "VideoRoom" TEXT NULL,
    "CallbackNumber" BLOB NULL,
    "Attendance" INTEGER NOT NULL,
    CONSTRAINT "FK_appointments_practitioner_profiles_FirstPractitionerId" FOREIGN KEY ("FirstPractitionerId") REFERENCES "practitioner_profiles" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_appointments_practitioner_profiles_SecondPractitionerId" FOREIGN KEY ("SecondPractitionerId") REFERENCES "practitioner_profiles" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_appointments_requests_RequestId" FOREIGN KEY ("RequestId") REFERENCES "requests" ("Id") ON DELETE CASCADE
);

CREATE TABLE "excluded_pairs" (
    "RequestId" TEXT NOT NULL,
    "PractitionerA" TEXT NOT NULL,
    "PractitionerB" TEXT NOT NULL,
    CONSTRAINT "PK_excluded_pairs" PRIMARY KEY ("RequestId", "PractitionerA", "PractitionerB"),
    CONSTRAINT "FK_excluded_pairs_requests_RequestId" FOREIGN KEY ("RequestId") REFERENCES "requests" ("Id") ON DELETE CASCADE
);

CREATE TABLE "request_messages" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_request_messages" PRIMARY KEY,
    "RequestId" TEXT NOT NULL,
    "FromCoordination" INTEGER NOT NULL,
    "AuthorStaffId" TEXT NULL,
    "Body" BLOB NOT NULL,
    "SentAt" INTEGER NOT NULL,
    "ReadAt" INTEGER NULL,
    CONSTRAINT "FK_request_messages_requests_RequestId" FOREIGN KEY ("RequestId") REFERENCES "requests" ("Id") ON DELETE CASCADE
);

CREATE TABLE "request_themes" (
    "RequestId" TEXT NOT NULL,
    "Code" TEXT NOT NULL,
    CONSTRAINT "PK_request_themes" PRIMARY KEY ("RequestId", "Code"),
    CONSTRAINT "FK_request_themes_requests_RequestId" FOREIGN KEY ("RequestId") REFERENCES "requests" ("Id") ON DELETE CASCADE
);

CREATE TABLE "busy_cells" (
    "PractitionerId" TEXT NOT NULL,
    "CellStart" INTEGER NOT NULL,
    "AppointmentId" TEXT NOT NULL,
    CONSTRAINT "PK_busy_cells" PRIMARY KEY ("PractitionerId", "CellStart"),
    CONSTRAINT "FK_busy_cells_appointments_AppointmentId" FOREIGN KEY ("AppointmentId") REFERENCES "appointments" ("Id") ON DELETE CASCADE
);

INSERT INTO "AspNetRoles" ("Id", "ConcurrencyStamp", "Name", "NormalizedName")
VALUES ('7B0F0C52-6A54-4F5E-9A01-000000000001', '7b0f0c52-6a54-4f5e-9a01-000000000001', 'administrator', 'ADMINISTRATOR');
SELECT changes();

INSERT INTO "AspNetRoles" ("Id", "ConcurrencyStamp", "Name", "NormalizedName")
VALUES ('7B0F0C52-6A54-4F5E-9A01-000000000002', '7b0f0c52-6a54-4f5e-9a01-000000000002', 'coordinator', 'COORDINATOR');
SELECT changes();

INSERT INTO "AspNetRoles" ("Id", "ConcurrencyStamp", "Name", "NormalizedName")
VALUES ('7B0F0C52-6A54-4F5E-9A01-000000000003', '7b0f0c52-6a54-4f5e-9a01-000000000003', 'practitioner', 'PRACTITIONER');
SELECT changes();

INSERT INTO "AspNetRoles" ("Id", "ConcurrencyStamp", "Name", "NormalizedName")
VALUES ('7B0F0C52-6A54-4F5E-9A01-000000000004', '7b0f0c52-6a54-4f5e-9a01-000000000004', 'organisation_contact', 'ORGANISATION_CONTACT');
SELECT changes();


INSERT INTO "suited_pairs" ("Id", "DisciplineA", "DisciplineB", "Theme")
VALUES (1, 'clinical_psychologist', 'labour_lawyer', 'harassment');
SELECT changes();

INSERT INTO "suited_pairs" ("Id", "DisciplineA", "DisciplineB", "Theme")
VALUES (2, 'work_psychologist', 'labour_lawyer', 'harassment');
SELECT changes();

INSERT INTO "suited_pairs" ("Id", "DisciplineA", "DisciplineB", "Theme")
VALUES (3, 'work_psychologist', 'labour_lawyer', 'discrimination');
SELECT changes();

INSERT INTO "suited_pairs" ("Id", "DisciplineA", "DisciplineB", "Theme")
VALUES (4, 'clinical_psychologist', 'occupational_physician', 'violence');
SELECT changes();

INSERT INTO "suited_pairs" ("Id", "DisciplineA", "DisciplineB", "Theme")
VALUES (5, 'social_worker', 'clinical_psychologist', 'social_difficulty');
SELECT changes();

INSERT INTO "suited_pairs" ("Id", "DisciplineA", "DisciplineB", "Theme")
VALUES (6, 'social_worker', 'work_psychologist', 'social_difficulty');
SELECT changes();

INSERT INTO "suited_pairs" ("Id", "DisciplineA", "DisciplineB", "Theme")
VALUES (7, 'occupational_physician', 'clinical_psychologist', 'burnout');
SELECT changes();

INSERT INTO "suited_pairs" ("Id", "DisciplineA", "DisciplineB", "Theme")
VALUES (8, 'occupational_physician', 'work_psychologist', 'burnout');
SELECT changes();

INSERT INTO "suited_pairs" ("Id", "DisciplineA", "DisciplineB", "Theme")
VALUES (9, 'work_psychologist', 'occupational_physician', 'stress');
SELECT changes();

INSERT INTO "suited_pairs" ("Id", "DisciplineA", "DisciplineB", "Theme")
VALUES (10, 'work_psychologist', 'career_counsellor', 'loss_of_meaning');
SELECT changes();

INSERT INTO "suited_pairs" ("Id", "DisciplineA", "DisciplineB", "Theme")
VALUES (11, 'clinical_psychologist', 'career_counsellor', 'loss_of_meaning');
SELECT changes();

INSERT INTO "suited_pairs" ("Id", "DisciplineA", "DisciplineB", "Theme")
VALUES (12, 'career_counsellor', 'labour_lawyer', 'job_insecurity');
SELECT changes();

INSERT INTO "suited_pairs" ("Id", "DisciplineA", "DisciplineB", "Theme")
VALUES (13, 'social_worker', 'career_counsellor', 'job_insecurity');
SELECT changes();

INSERT INTO "suited_pairs" ("Id", "DisciplineA", "DisciplineB", "Theme")
VALUES (14, 'work_psychologist', 'coach', 'conflict');
SELECT changes();

INSERT INTO "suited_pairs" ("Id", "DisciplineA", "DisciplineB", "Theme")
VALUES (15, 'work_psychologist', 'coach', 'organisational_change');
SELECT changes();

INSERT INTO "suited_pairs" ("Id", "DisciplineA", "DisciplineB", "Theme")
VALUES (16, 'clinical_psychologist', 'social_worker', 'isolation');
SELECT changes();


CREATE INDEX "IX_appointments_FirstPractitionerId" ON "appointments" ("FirstPractitionerId");

CREATE UNIQUE INDEX "IX_appointments_IdempotencyKey" ON "appointments" ("IdempotencyKey");

CREATE UNIQUE INDEX "IX_appointments_RequestId_Kind" ON "appointments" ("RequestId", "Kind") WHERE "CancelledAt" IS NULL;

CREATE INDEX "IX_appointments_SecondPractitionerId" ON "appointments" ("SecondPractitionerId");

CREATE INDEX "IX_appointments_Start" ON "appointments" ("Start");

CREATE INDEX "IX_AspNetRoleClaims_RoleId" ON "AspNetRoleClaims" ("RoleId");

CREATE UNIQUE INDEX "RoleNameIndex" ON "AspNetRoles" ("NormalizedName");

CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");

CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");

CREATE INDEX "IX_AspNetUserRoles_RoleId" ON "AspNetUserRoles" ("RoleId");

CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");

CREATE INDEX "IX_AspNetUsers_Role" ON "AspNetUsers" ("Role");

CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");

CREATE INDEX "IX_audit_entries_At" ON "audit_entries" ("At");

CREATE INDEX "IX_availability_openings_PractitionerId_Date" ON "availability_openings" ("PractitionerId", "Date");

CREATE INDEX "IX_availability_windows_PractitionerId_Day" ON "availability_windows" ("PractitionerId", "Day");

CREATE UNIQUE INDEX "IX_beneficiary_spaces_CodeLookup" ON "beneficiary_spaces" ("CodeLookup");

CREATE INDEX "IX_beneficiary_spaces_DataKeyId" ON "beneficiary_spaces" ("DataKeyId");

CREATE INDEX "IX_busy_cells_AppointmentId" ON "busy_cells" ("AppointmentId");

CREATE INDEX "IX_organisation_units_OrganisationId_Kind_Position" ON "organisation_units" ("OrganisationId", "Kind", "Position");

CREATE UNIQUE INDEX "IX_organisations_Code" ON "organisations" ("Code");

CREATE INDEX "IX_practitioner_leaves_PractitionerId_Start" ON "practitioner_leaves" ("PractitionerId", "Start");

CREATE UNIQUE INDEX "IX_practitioner_profiles_UserId" ON "practitioner_profiles" ("UserId");

CREATE INDEX "IX_prior_links_DepartmentId" ON "prior_links" ("DepartmentId");

CREATE INDEX "IX_prior_links_OrganisationId" ON "prior_links" ("OrganisationId");

CREATE UNIQUE INDEX "IX_prior_links_PractitionerId_OrganisationId_DepartmentId" ON "prior_links" ("PractitionerId", "OrganisationId", "DepartmentId");

CREATE INDEX "IX_request_messages_RequestId_SentAt" ON "request_messages" ("RequestId", "SentAt");

CREATE INDEX "IX_requests_DataKeyId" ON "requests" ("DataKeyId");

CREATE INDEX "IX_requests_DepartmentId" ON "requests" ("DepartmentId");

CREATE INDEX "IX_requests_JobFamilyId" ON "requests" ("JobFamilyId");

CREATE INDEX "IX_requests_OrganisationId" ON "requests" ("OrganisationId");

CREATE INDEX "IX_requests_SpaceId" ON "requests" ("SpaceId");

CREATE INDEX "IX_requests_Status_Urgent_CreatedAt" ON "requests" ("Status", "Urgent", "CreatedAt");

CREATE UNIQUE INDEX "IX_staff_links_TokenHash" ON "staff_links" ("TokenHash");

CREATE UNIQUE INDEX "IX_staff_recovery_codes_UserId_CodeHash" ON "staff_recovery_codes" ("UserId", "CodeHash");

CREATE UNIQUE INDEX "IX_suited_pairs_Theme_DisciplineA_DisciplineB" ON "suited_pairs" ("Theme", "DisciplineA", "DisciplineB");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261122235020_Initial', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
DROP TABLE "busy_cells";

CREATE TABLE "practitioner_bookings" (
    "AppointmentId" TEXT NOT NULL,
    "PractitionerId" TEXT NOT NULL,
    "Start" INTEGER NOT NULL,
    "End" INTEGER NOT NULL,
    CONSTRAINT "PK_practitioner_bookings" PRIMARY KEY ("AppointmentId", "PractitionerId"),
    CONSTRAINT "FK_practitioner_bookings_appointments_AppointmentId" FOREIGN KEY ("AppointmentId") REFERENCES "appointments" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_practitioner_bookings_PractitionerId_Start" ON "practitioner_bookings" ("PractitionerId", "Start");

INSERT INTO practitioner_bookings ("AppointmentId", "PractitionerId", "Start", "End")
SELECT "Id", "FirstPractitionerId", "Start", "End" FROM appointments WHERE "CancelledAt" IS NULL
UNION ALL
SELECT "Id", "SecondPractitionerId", "Start", "End" FROM appointments WHERE "CancelledAt" IS NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261123003914_PractitionerBookingRanges', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "availability_windows" ADD "Access" TEXT NULL;

ALTER TABLE "appointments" ADD "Access" TEXT NULL;

CREATE TABLE "outbox_messages" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_outbox_messages" PRIMARY KEY,
    "Kind" INTEGER NOT NULL,
    "AppointmentId" TEXT NULL,
    "DueAt" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "State" INTEGER NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "ClaimedBy" TEXT NULL,
    "ClaimedUntil" INTEGER NULL,
    "SentAt" INTEGER NULL,
    CONSTRAINT "FK_outbox_messages_appointments_AppointmentId" FOREIGN KEY ("AppointmentId") REFERENCES "appointments" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_outbox_messages_AppointmentId" ON "outbox_messages" ("AppointmentId");

CREATE INDEX "IX_outbox_messages_State_DueAt" ON "outbox_messages" ("State", "DueAt");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261123004740_OutboxAndPlaceAccess', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "practitioner_profiles" ADD "CalendarFeedHash" TEXT NULL;

CREATE UNIQUE INDEX "IX_practitioner_profiles_CalendarFeedHash" ON "practitioner_profiles" ("CalendarFeedHash");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261123005333_CalendarFeeds', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "requests" ADD "ClosedAt" INTEGER NULL;

CREATE TABLE "case_notes" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_case_notes" PRIMARY KEY,
    "RequestId" TEXT NOT NULL,
    "AuthorId" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "Text" BLOB NOT NULL,
    CONSTRAINT "FK_case_notes_requests_RequestId" FOREIGN KEY ("RequestId") REFERENCES "requests" ("Id") ON DELETE CASCADE
);

CREATE TABLE "interview_records" (
    "AppointmentId" TEXT NOT NULL CONSTRAINT "PK_interview_records" PRIMARY KEY,
    "RequestId" TEXT NOT NULL,
    "Held" INTEGER NOT NULL,
    "DurationMinutes" INTEGER NULL,
    "NextStep" INTEGER NOT NULL,
    "SignpostCategory" TEXT NULL,
    "RecordedById" TEXT NOT NULL,
    "RecordedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_interview_records_appointments_AppointmentId" FOREIGN KEY ("AppointmentId") REFERENCES "appointments" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_interview_records_requests_RequestId" FOREIGN KEY ("RequestId") REFERENCES "requests" ("Id") ON DELETE CASCADE
);

CREATE TABLE "referrals" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_referrals" PRIMARY KEY,
    "RequestId" TEXT NOT NULL,
    "ProposedById" TEXT NOT NULL,
    "ToPractitionerId" TEXT NOT NULL,
    "ToDiscipline" TEXT NOT NULL,
    "HandOver" BLOB NOT NULL,
    "State" INTEGER NOT NULL,
    "ProposedAt" INTEGER NOT NULL,
    "DecidedAt" INTEGER NULL,
    "ConsentRecordedByPair" INTEGER NOT NULL,
    CONSTRAINT "FK_referrals_practitioner_profiles_ToPractitionerId" FOREIGN KEY ("ToPractitionerId") REFERENCES "practitioner_profiles" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_referrals_requests_RequestId" FOREIGN KEY ("RequestId") REFERENCES "requests" ("Id") ON DELETE CASCADE
);

CREATE TABLE "who5_responses" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_who5_responses" PRIMARY KEY,
    "RequestId" TEXT NOT NULL,
    "Moment" INTEGER NOT NULL,
    "RawScore" INTEGER NOT NULL,
    "AnsweredAt" INTEGER NOT NULL,
    CONSTRAINT "FK_who5_responses_requests_RequestId" FOREIGN KEY ("RequestId") REFERENCES "requests" ("Id") ON DELETE CASCADE
);

CREATE TABLE "interview_axes" (
    "AppointmentId" TEXT NOT NULL,
    "Axis" TEXT NOT NULL,
    "Level" INTEGER NOT NULL,
    CONSTRAINT "PK_interview_axes" PRIMARY KEY ("AppointmentId", "Axis"),
    CONSTRAINT "FK_interview_axes_interview_records_AppointmentId" FOREIGN KEY ("AppointmentId") REFERENCES "interview_records" ("AppointmentId") ON DELETE CASCADE
);

CREATE TABLE "interview_themes" (
    "AppointmentId" TEXT NOT NULL,
    "Code" TEXT NOT NULL,
    CONSTRAINT "PK_interview_themes" PRIMARY KEY ("AppointmentId", "Code"),
    CONSTRAINT "FK_interview_themes_interview_records_AppointmentId" FOREIGN KEY ("AppointmentId") REFERENCES "interview_records" ("AppointmentId") ON DELETE CASCADE
);

CREATE INDEX "IX_case_notes_RequestId_CreatedAt" ON "case_notes" ("RequestId", "CreatedAt");

CREATE INDEX "IX_interview_records_RequestId" ON "interview_records" ("RequestId");

CREATE INDEX "IX_referrals_RequestId" ON "referrals" ("RequestId");

CREATE INDEX "IX_referrals_ToPractitionerId_State" ON "referrals" ("ToPractitionerId", "State");

CREATE UNIQUE INDEX "IX_who5_responses_RequestId_Moment" ON "who5_responses" ("RequestId", "Moment");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261123011246_CaseRecord', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "organisations" ADD "AgreementEnd" TEXT NULL;

ALTER TABLE "organisations" ADD "AgreementStart" TEXT NULL;

ALTER TABLE "organisations" ADD "CreatedAt" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "organisations" ADD "IncludesGroups" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "organisations" ADD "IncludesInterviews" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "organisations" ADD "IncludesListeningLine" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "organisations" ADD "IncludesTeamProgrammes" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "organisations" ADD "Kind" INTEGER NOT NULL DEFAULT 1;

ALTER TABLE "organisations" ADD "Prices" TEXT NULL;

ALTER TABLE "organisation_units" ADD "Headcount" INTEGER NULL;

ALTER TABLE "AspNetUsers" ADD "OrganisationId" TEXT NULL;

CREATE TABLE "onboarding_steps" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_onboarding_steps" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "Date" TEXT NOT NULL,
    "Attendees" TEXT NOT NULL,
    "Note" TEXT NULL,
    "MinimumCell" INTEGER NULL,
    "Tables" TEXT NULL,
    "RecordedById" TEXT NOT NULL,
    "RecordedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_onboarding_steps_organisations_OrganisationId" FOREIGN KEY ("OrganisationId") REFERENCES "organisations" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_AspNetUsers_OrganisationId" ON "AspNetUsers" ("OrganisationId");

CREATE INDEX "IX_onboarding_steps_OrganisationId_Date" ON "onboarding_steps" ("OrganisationId", "Date");

CREATE TABLE "ef_temp_AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "AccessFailedCount" INTEGER NOT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "DeactivatedAt" INTEGER NULL,
    "DisplayName" TEXT NOT NULL,
    "Email" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "FailedSignIns" INTEGER NOT NULL,
    "LastTotpTimeStep" INTEGER NOT NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "LockoutEnd" INTEGER NULL,
    "NormalizedEmail" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "OrganisationId" TEXT NULL,
    "PasswordHash" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "Role" TEXT NOT NULL,
    "SecurityStamp" TEXT NULL,
    "SignInBlockedUntil" INTEGER NULL,
    "TotpConfirmedAt" INTEGER NULL,
    "TotpSecret" TEXT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "UserName" TEXT NULL,
    CONSTRAINT "FK_AspNetUsers_organisations_OrganisationId" FOREIGN KEY ("OrganisationId") REFERENCES "organisations" ("Id") ON DELETE SET NULL
);

INSERT INTO "ef_temp_AspNetUsers" ("Id", "AccessFailedCount", "ConcurrencyStamp", "CreatedAt", "DeactivatedAt", "DisplayName", "Email", "EmailConfirmed", "FailedSignIns", "LastTotpTimeStep", "LockoutEnabled", "LockoutEnd", "NormalizedEmail", "NormalizedUserName", "OrganisationId", "PasswordHash", "PhoneNumber", "PhoneNumberConfirmed", "Role", "SecurityStamp", "SignInBlockedUntil", "TotpConfirmedAt", "TotpSecret", "TwoFactorEnabled", "UserName")
SELECT "Id", "AccessFailedCount", "ConcurrencyStamp", "CreatedAt", "DeactivatedAt", "DisplayName", "Email", "EmailConfirmed", "FailedSignIns", "LastTotpTimeStep", "LockoutEnabled", "LockoutEnd", "NormalizedEmail", "NormalizedUserName", "OrganisationId", "PasswordHash", "PhoneNumber", "PhoneNumberConfirmed", "Role", "SecurityStamp", "SignInBlockedUntil", "TotpConfirmedAt", "TotpSecret", "TwoFactorEnabled", "UserName"
FROM "AspNetUsers";

COMMIT;

PRAGMA foreign_keys = 0;

BEGIN TRANSACTION;
DROP TABLE "AspNetUsers";

ALTER TABLE "ef_temp_AspNetUsers" RENAME TO "AspNetUsers";

COMMIT;

PRAGMA foreign_keys = 1;

BEGIN TRANSACTION;
CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");

CREATE INDEX "IX_AspNetUsers_OrganisationId" ON "AspNetUsers" ("OrganisationId");

CREATE INDEX "IX_AspNetUsers_Role" ON "AspNetUsers" ("Role");

CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");

COMMIT;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261123014839_Organisations', '10.0.15');

BEGIN TRANSACTION;
CREATE TABLE "hotline_calls" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_hotline_calls" PRIMARY KEY,
    "At" INTEGER NOT NULL,
    "DurationMinutes" INTEGER NOT NULL,
    "OrganisationId" TEXT NULL,
    "DepartmentId" TEXT NULL,
    "JobFamilyId" TEXT NULL,
    "Outcome" INTEGER NOT NULL,
    "LoggedById" TEXT NOT NULL,
    "LoggedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_hotline_calls_organisations_OrganisationId" FOREIGN KEY ("OrganisationId") REFERENCES "organisations" ("Id") ON DELETE CASCADE
);

CREATE TABLE "hotline_shifts" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_hotline_shifts" PRIMARY KEY,
    "PractitionerId" TEXT NOT NULL,
    "Start" INTEGER NOT NULL,
    "End" INTEGER NOT NULL,
    CONSTRAINT "FK_hotline_shifts_practitioner_profiles_PractitionerId" FOREIGN KEY ("PractitionerId") REFERENCES "practitioner_profiles" ("Id") ON DELETE CASCADE
);

CREATE TABLE "indicator_snapshots" (
    "OrganisationId" TEXT NOT NULL,
    "Period" TEXT NOT NULL,
    "FrozenAt" INTEGER NOT NULL,
    "Content" TEXT NOT NULL,
    CONSTRAINT "PK_indicator_snapshots" PRIMARY KEY ("OrganisationId", "Period"),
    CONSTRAINT "FK_indicator_snapshots_organisations_OrganisationId" FOREIGN KEY ("OrganisationId") REFERENCES "organisations" ("Id") ON DELETE CASCADE
);

CREATE TABLE "hotline_call_themes" (
    "CallId" TEXT NOT NULL,
    "Code" TEXT NOT NULL,
    CONSTRAINT "PK_hotline_call_themes" PRIMARY KEY ("CallId", "Code"),
    CONSTRAINT "FK_hotline_call_themes_hotline_calls_CallId" FOREIGN KEY ("CallId") REFERENCES "hotline_calls" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_hotline_calls_OrganisationId_LoggedAt" ON "hotline_calls" ("OrganisationId", "LoggedAt");

CREATE INDEX "IX_hotline_shifts_PractitionerId" ON "hotline_shifts" ("PractitionerId");

CREATE INDEX "IX_hotline_shifts_Start" ON "hotline_shifts" ("Start");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261123015557_HotlineAndIndicators', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "requests" ADD "GroupsProposedAt" INTEGER NULL;

ALTER TABLE "outbox_messages" ADD "EnrolmentId" TEXT NULL;

ALTER TABLE "outbox_messages" ADD "GroupSessionId" TEXT NULL;

CREATE TABLE "group_activities" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_group_activities" PRIMARY KEY,
    "Kind" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "Theme" TEXT NULL,
    "Description" TEXT NULL,
    "FirstFacilitatorId" TEXT NOT NULL,
    "SecondFacilitatorId" TEXT NULL,
    "Modality" INTEGER NOT NULL,
    "Place" TEXT NULL,
    "Access" TEXT NULL,
    "VideoRoom" TEXT NULL,
    "Capacity" INTEGER NOT NULL,
    "Taken" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ClosedAt" INTEGER NULL,
    CONSTRAINT "ck_group_activities_capacity" CHECK ("Taken" >= 0 AND "Taken" <= "Capacity"),
    CONSTRAINT "FK_group_activities_practitioner_profiles_FirstFacilitatorId" FOREIGN KEY ("FirstFacilitatorId") REFERENCES "practitioner_profiles" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_group_activities_practitioner_profiles_SecondFacilitatorId" FOREIGN KEY ("SecondFacilitatorId") REFERENCES "practitioner_profiles" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "group_sessions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_group_sessions" PRIMARY KEY,
    "ActivityId" TEXT NOT NULL,
    "Start" INTEGER NOT NULL,
    "End" INTEGER NOT NULL,
    "Capacity" INTEGER NOT NULL,
    "Taken" INTEGER NOT NULL,
    "CancelledAt" INTEGER NULL,
    CONSTRAINT "ck_group_sessions_capacity" CHECK ("Taken" >= 0 AND "Taken" <= "Capacity"),
    CONSTRAINT "FK_group_sessions_group_activities_ActivityId" FOREIGN KEY ("ActivityId") REFERENCES "group_activities" ("Id") ON DELETE CASCADE
);

CREATE TABLE "group_enrolments" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_group_enrolments" PRIMARY KEY,
    "ActivityId" TEXT NOT NULL,
    "SessionId" TEXT NULL,
    "RosterId" TEXT NOT NULL,
    "SpaceId" TEXT NOT NULL,
    "Pseudonym" BLOB NOT NULL,
    "State" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ConfirmedAt" INTEGER NULL,
    "CancelledAt" INTEGER NULL,
    CONSTRAINT "FK_group_enrolments_beneficiary_spaces_SpaceId" FOREIGN KEY ("SpaceId") REFERENCES "beneficiary_spaces" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_group_enrolments_group_activities_ActivityId" FOREIGN KEY ("ActivityId") REFERENCES "group_activities" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_group_enrolments_group_sessions_SessionId" FOREIGN KEY ("SessionId") REFERENCES "group_sessions" ("Id") ON DELETE CASCADE
);

CREATE TABLE "group_attendances" (
    "SessionId" TEXT NOT NULL,
    "EnrolmentId" TEXT NOT NULL,
    "Present" INTEGER NOT NULL,
    "RecordedById" TEXT NOT NULL,
    "RecordedAt" INTEGER NOT NULL,
    CONSTRAINT "PK_group_attendances" PRIMARY KEY ("SessionId", "EnrolmentId"),
    CONSTRAINT "FK_group_attendances_group_enrolments_EnrolmentId" FOREIGN KEY ("EnrolmentId") REFERENCES "group_enrolments" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_group_attendances_group_sessions_SessionId" FOREIGN KEY ("SessionId") REFERENCES "group_sessions" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_outbox_messages_EnrolmentId" ON "outbox_messages" ("EnrolmentId");

CREATE INDEX "IX_outbox_messages_GroupSessionId" ON "outbox_messages" ("GroupSessionId");

CREATE INDEX "IX_group_activities_FirstFacilitatorId" ON "group_activities" ("FirstFacilitatorId");

CREATE INDEX "IX_group_activities_SecondFacilitatorId" ON "group_activities" ("SecondFacilitatorId");

CREATE INDEX "IX_group_attendances_EnrolmentId" ON "group_attendances" ("EnrolmentId");

CREATE INDEX "IX_group_enrolments_ActivityId" ON "group_enrolments" ("ActivityId");

CREATE UNIQUE INDEX "IX_group_enrolments_RosterId_SpaceId" ON "group_enrolments" ("RosterId", "SpaceId") WHERE "State" <> 3;

CREATE INDEX "IX_group_enrolments_RosterId_State_CreatedAt" ON "group_enrolments" ("RosterId", "State", "CreatedAt");

CREATE INDEX "IX_group_enrolments_SessionId" ON "group_enrolments" ("SessionId");

CREATE INDEX "IX_group_enrolments_SpaceId" ON "group_enrolments" ("SpaceId");

CREATE INDEX "IX_group_sessions_ActivityId_Start" ON "group_sessions" ("ActivityId", "Start");

CREATE TABLE "ef_temp_outbox_messages" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_outbox_messages" PRIMARY KEY,
    "AppointmentId" TEXT NULL,
    "Attempts" INTEGER NOT NULL,
    "ClaimedBy" TEXT NULL,
    "ClaimedUntil" INTEGER NULL,
    "CreatedAt" INTEGER NOT NULL,
    "DueAt" INTEGER NOT NULL,
    "EnrolmentId" TEXT NULL,
    "GroupSessionId" TEXT NULL,
    "Kind" INTEGER NOT NULL,
    "SentAt" INTEGER NULL,
    "State" INTEGER NOT NULL,
    CONSTRAINT "FK_outbox_messages_appointments_AppointmentId" FOREIGN KEY ("AppointmentId") REFERENCES "appointments" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_outbox_messages_group_enrolments_EnrolmentId" FOREIGN KEY ("EnrolmentId") REFERENCES "group_enrolments" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_outbox_messages_group_sessions_GroupSessionId" FOREIGN KEY ("GroupSessionId") REFERENCES "group_sessions" ("Id") ON DELETE CASCADE
);

INSERT INTO "ef_temp_outbox_messages" ("Id", "AppointmentId", "Attempts", "ClaimedBy", "ClaimedUntil", "CreatedAt", "DueAt", "EnrolmentId", "GroupSessionId", "Kind", "SentAt", "State")
SELECT "Id", "AppointmentId", "Attempts", "ClaimedBy", "ClaimedUntil", "CreatedAt", "DueAt", "EnrolmentId", "GroupSessionId", "Kind", "SentAt", "State"
FROM "outbox_messages";

COMMIT;

PRAGMA foreign_keys = 0;

BEGIN TRANSACTION;
DROP TABLE "outbox_messages";

ALTER TABLE "ef_temp_outbox_messages" RENAME TO "outbox_messages";

COMMIT;

PRAGMA foreign_keys = 1;

BEGIN TRANSACTION;
CREATE INDEX "IX_outbox_messages_AppointmentId" ON "outbox_messages" ("AppointmentId");

CREATE INDEX "IX_outbox_messages_EnrolmentId" ON "outbox_messages" ("EnrolmentId");

CREATE INDEX "IX_outbox_messages_GroupSessionId" ON "outbox_messages" ("GroupSessionId");

CREATE INDEX "IX_outbox_messages_State_DueAt" ON "outbox_messages" ("State", "DueAt");

COMMIT;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130034111_GroupsAndWorkshops', '10.0.15');

BEGIN TRANSACTION;
ALTER TABLE "organisations" ADD "BillingAddress" TEXT NULL;

CREATE TABLE "document_counters" (
    "Series" TEXT NOT NULL,
    "Year" INTEGER NOT NULL,
    "Last" INTEGER NOT NULL,
    CONSTRAINT "PK_document_counters" PRIMARY KEY ("Series", "Year")
);

CREATE TABLE "invoices" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_invoices" PRIMARY KEY,
    "Number" TEXT NOT NULL,
    "OrganisationId" TEXT NOT NULL,
    "Month" TEXT NOT NULL,
    "IssuedOn" TEXT NOT NULL,
    "DueOn" TEXT NOT NULL,
    "SellerName" TEXT NOT NULL,
    "SellerAddress" TEXT NOT NULL,
    "SellerSiret" TEXT NOT NULL,
    "SellerVatNumber" TEXT NULL,
    "BuyerName" TEXT NOT NULL,
    "BuyerAddress" TEXT NULL,
    "TotalExcludingVat" TEXT NOT NULL,
    "VatRate" TEXT NOT NULL,
    "Vat" TEXT NOT NULL,
    "TotalIncludingVat" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "CreatedById" TEXT NOT NULL,
    CONSTRAINT "FK_invoices_organisations_OrganisationId" FOREIGN KEY ("OrganisationId") REFERENCES "organisations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "team_programmes" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_team_programmes" PRIMARY KEY,
    "Number" TEXT NOT NULL,
    "OrganisationId" TEXT NOT NULL,
    "Type" INTEGER NOT NULL,
    "FacilitatorId" TEXT NOT NULL,
    "StartDate" TEXT NOT NULL,
    "EndDate" TEXT NOT NULL,
    "SessionsPerMonth" INTEGER NOT NULL,
    "SessionMinutes" INTEGER NOT NULL,
    "HourlyRate" TEXT NOT NULL,
    "Phase" INTEGER NULL,
    "PlanAgreedOn" TEXT NULL,
    "Plan" BLOB NULL,
    "DataKeyId" TEXT NOT NULL,
    "CreatedById" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_team_programmes_data_keys_DataKeyId" FOREIGN KEY ("DataKeyId") REFERENCES "data_keys" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_team_programmes_organisations_OrganisationId" FOREIGN KEY ("OrganisationId") REFERENCES "organisations" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_team_programmes_practitioner_profiles_FacilitatorId" FOREIGN KEY ("FacilitatorId") REFERENCES "practitioner_profiles" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "invoice_lines" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_invoice_lines" PRIMARY KEY,
    "InvoiceId" TEXT NOT NULL,
    "Position" INTEGER NOT NULL,
    "SessionId" TEXT NOT NULL,
    "Type" INTEGER NOT NULL,
    "SessionStart" INTEGER NOT NULL,
    "Hours" TEXT NOT NULL,
    "UnitPrice" TEXT NOT NULL,
    "Amount" TEXT NOT NULL,
    CONSTRAINT "FK_invoice_lines_invoices_InvoiceId" FOREIGN KEY ("InvoiceId") REFERENCES "invoices" ("Id") ON DELETE CASCADE
);

CREATE TABLE "programme_participants" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_programme_participants" PRIMARY KEY,
    "ProgrammeId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "RulesToken" TEXT NOT NULL,
    "AcceptedRulesAt" INTEGER NULL,
    "AcceptedBy" INTEGER NULL,
    "RemovedAt" INTEGER NULL,
    CONSTRAINT "FK_programme_participants_team_programmes_ProgrammeId" FOREIGN KEY ("ProgrammeId") REFERENCES "team_programmes" ("Id") ON DELETE CASCADE
);

CREATE TABLE "programme_sessions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_programme_sessions" PRIMARY KEY,
    "ProgrammeId" TEXT NOT NULL,
    "Start" INTEGER NOT NULL,
    "Minutes" INTEGER NOT NULL,
    "Phase" INTEGER NULL,
    "State" INTEGER NOT NULL,
    "Synthesis" BLOB NULL,
    "SynthesisPublishedAt" INTEGER NULL,
    CONSTRAINT "FK_programme_sessions_team_programmes_ProgrammeId" FOREIGN KEY ("ProgrammeId") REFERENCES "team_programmes" ("Id") ON DELETE CASCADE
);

CREATE TABLE "programme_attendances" (
    "SessionId" TEXT NOT NULL,
    "ParticipantId" TEXT NOT NULL,
    "Present" INTEGER NOT NULL,
    CONSTRAINT "PK_programme_attendances" PRIMARY KEY ("SessionId", "ParticipantId"),
    CONSTRAINT "FK_programme_attendances_programme_participants_ParticipantId" FOREIGN KEY ("ParticipantId") REFERENCES "programme_participants" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_programme_attendances_programme_sessions_SessionId" FOREIGN KEY ("SessionId") REFERENCES "programme_sessions" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_invoice_lines_InvoiceId" ON "invoice_lines" ("InvoiceId");

CREATE UNIQUE INDEX "IX_invoice_lines_SessionId" ON "invoice_lines" ("SessionId");

CREATE UNIQUE INDEX "IX_invoices_Number" ON "invoices" ("Number");

CREATE INDEX "IX_invoices_OrganisationId_Month" ON "invoices" ("OrganisationId", "Month");

CREATE INDEX "IX_programme_attendances_ParticipantId" ON "programme_attendances" ("ParticipantId");

CREATE INDEX "IX_programme_participants_ProgrammeId" ON "programme_participants" ("ProgrammeId");

CREATE UNIQUE INDEX "IX_programme_participants_RulesToken" ON "programme_participants" ("RulesToken");

CREATE INDEX "IX_programme_sessions_ProgrammeId_Start" ON "programme_sessions" ("ProgrammeId", "Start");

CREATE INDEX "IX_programme_sessions_State_Start" ON "programme_sessions" ("State", "Start");

CREATE INDEX "IX_team_programmes_DataKeyId" ON "team_programmes" ("DataKeyId");

CREATE INDEX "IX_team_programmes_FacilitatorId" ON "team_programmes" ("FacilitatorId");

CREATE UNIQUE INDEX "IX_team_programmes_Number" ON "team_programmes" ("Number");

CREATE INDEX "IX_team_programmes_OrganisationId" ON "team_programmes" ("OrganisationId");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130040445_TeamProgrammes', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE INDEX "IX_appointments_RequestId" ON "appointments" ("RequestId");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130064032_AppointmentsByRequest', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
DROP INDEX "IX_requests_OrganisationId";

CREATE INDEX "IX_who5_responses_Moment_AnsweredAt" ON "who5_responses" ("Moment", "AnsweredAt");

CREATE INDEX "IX_requests_OrganisationId_CreatedAt" ON "requests" ("OrganisationId", "CreatedAt");

CREATE INDEX "IX_interview_records_RecordedAt" ON "interview_records" ("RecordedAt");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130065804_IndicatorIndexes', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE INDEX "IX_requests_CreatedAt" ON "requests" ("CreatedAt");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130091315_RequestsByCreation', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "scheduled_jobs" (
    "Name" TEXT NOT NULL CONSTRAINT "PK_scheduled_jobs" PRIMARY KEY,
    "NextRunAt" INTEGER NOT NULL,
    "LastRunAt" INTEGER NOT NULL
);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130091730_ScheduledJobs', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "indicator_months" (
    "OrganisationId" TEXT NOT NULL,
    "Month" TEXT NOT NULL,
    "CountedAt" INTEGER NOT NULL,
    "Counts" TEXT NOT NULL,
    CONSTRAINT "PK_indicator_months" PRIMARY KEY ("OrganisationId", "Month"),
    CONSTRAINT "FK_indicator_months_organisations_OrganisationId" FOREIGN KEY ("OrganisationId") REFERENCES "organisations" ("Id") ON DELETE CASCADE
);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130142715_IndicatorMonths', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130185518_SealTotpSecrets', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "outbox_messages" ADD "StaffUserId" TEXT NULL;

CREATE INDEX "IX_outbox_messages_StaffUserId" ON "outbox_messages" ("StaffUserId");

CREATE TABLE "ef_temp_outbox_messages" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_outbox_messages" PRIMARY KEY,
    "AppointmentId" TEXT NULL,
    "Attempts" INTEGER NOT NULL,
    "ClaimedBy" TEXT NULL,
    "ClaimedUntil" INTEGER NULL,
    "CreatedAt" INTEGER NOT NULL,
    "DueAt" INTEGER NOT NULL,
    "EnrolmentId" TEXT NULL,
    "GroupSessionId" TEXT NULL,
    "Kind" INTEGER NOT NULL,
    "SentAt" INTEGER NULL,
    "StaffUserId" TEXT NULL,
    "State" INTEGER NOT NULL,
    CONSTRAINT "FK_outbox_messages_AspNetUsers_StaffUserId" FOREIGN KEY ("StaffUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_outbox_messages_appointments_AppointmentId" FOREIGN KEY ("AppointmentId") REFERENCES "appointments" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_outbox_messages_group_enrolments_EnrolmentId" FOREIGN KEY ("EnrolmentId") REFERENCES "group_enrolments" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_outbox_messages_group_sessions_GroupSessionId" FOREIGN KEY ("GroupSessionId") REFERENCES "group_sessions" ("Id") ON DELETE CASCADE
);

INSERT INTO "ef_temp_outbox_messages" ("Id", "AppointmentId", "Attempts", "ClaimedBy", "ClaimedUntil", "CreatedAt", "DueAt", "EnrolmentId", "GroupSessionId", "Kind", "SentAt", "StaffUserId", "State")
SELECT "Id", "AppointmentId", "Attempts", "ClaimedBy", "ClaimedUntil", "CreatedAt", "DueAt", "EnrolmentId", "GroupSessionId", "Kind", "SentAt", "StaffUserId", "State"
FROM "outbox_messages";

COMMIT;

PRAGMA foreign_keys = 0;

BEGIN TRANSACTION;
DROP TABLE "outbox_messages";

ALTER TABLE "ef_temp_outbox_messages" RENAME TO "outbox_messages";

COMMIT;

PRAGMA foreign_keys = 1;

BEGIN TRANSACTION;
CREATE INDEX "IX_outbox_messages_AppointmentId" ON "outbox_messages" ("AppointmentId");

CREATE INDEX "IX_outbox_messages_EnrolmentId" ON "outbox_messages" ("EnrolmentId");

CREATE INDEX "IX_outbox_messages_GroupSessionId" ON "outbox_messages" ("GroupSessionId");

CREATE INDEX "IX_outbox_messages_StaffUserId" ON "outbox_messages" ("StaffUserId");

CREATE INDEX "IX_outbox_messages_State_DueAt" ON "outbox_messages" ("State", "DueAt");

COMMIT;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130203810_StaffSecurityNotices', '10.0.15');

BEGIN TRANSACTION;
CREATE TABLE "staff_sessions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_staff_sessions" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "Device" TEXT NOT NULL,
    "Stamp" TEXT NOT NULL,
    "StartedAt" INTEGER NOT NULL,
    "LastSeenAt" INTEGER NOT NULL,
    "ExpiresAt" INTEGER NOT NULL,
    "EndedAt" INTEGER NULL,
    CONSTRAINT "FK_staff_sessions_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_staff_sessions_UserId" ON "staff_sessions" ("UserId");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261201014526_StaffSessions', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "AspNetUserPasskeys" (
    "CredentialId" BLOB NOT NULL CONSTRAINT "PK_AspNetUserPasskeys" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "Data" TEXT NOT NULL,
    CONSTRAINT "FK_AspNetUserPasskeys_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_AspNetUserPasskeys_UserId" ON "AspNetUserPasskeys" ("UserId");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261201020252_SecurityKeys', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "beneficiary_spaces" ADD "CodeScheme" INTEGER NOT NULL DEFAULT 1;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261201173531_CodeHashScheme', '10.0.15');

COMMIT;

