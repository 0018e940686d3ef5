using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Organisations;
using Tandem.Core.Requests;
using Tandem.Core.Security.Audit;
using Tandem.Core.Security.Encryption;
using Tandem.Core.Staff;

namespace Tandem.Core.Data;

/// <summary>
/// The one context of Tandem, used by every feature handler directly. The same model
/// runs on SQLite and PostgreSQL; each provider has its own generated migrations.
/// </summary>
public class TandemDbContext(DbContextOptions<TandemDbContext> options)
    : IdentityDbContext<StaffUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<StaffLink> StaffLinks => Set<StaffLink>();

    public DbSet<StaffRecoveryCode> StaffRecoveryCodes => Set<StaffRecoveryCode>();

    public DbSet<StaffSession> StaffSessions => Set<StaffSession>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<DataKey> DataKeys => Set<DataKey>();

    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<OrganisationUnit> OrganisationUnits => Set<OrganisationUnit>();

    public DbSet<OnboardingStep> OnboardingSteps => Set<OnboardingStep>();

    public DbSet<Hotline.HotlineCall> HotlineCalls => Set<Hotline.HotlineCall>();

    public DbSet<Hotline.HotlineShift> HotlineShifts => Set<Hotline.HotlineShift>();

    public DbSet<Indicators.IndicatorSnapshot> IndicatorSnapshots => Set<Indicators.IndicatorSnapshot>();
    public DbSet<Indicators.IndicatorMonth> IndicatorMonths => Set<Indicators.IndicatorMonth>();

    public DbSet<BeneficiarySpace> BeneficiarySpaces => Set<BeneficiarySpace>();

    public DbSet<SupportRequest> Requests => Set<SupportRequest>();

    public DbSet<RequestMessage> RequestMessages => Set<RequestMessage>();

    public DbSet<Practitioners.PractitionerProfile> PractitionerProfiles => Set<Practitioners.PractitionerProfile>();

    public DbSet<Scheduling.AvailabilityWindow> AvailabilityWindows => Set<Scheduling.AvailabilityWindow>();

    public DbSet<Scheduling.AvailabilityOpening> AvailabilityOpenings => Set<Scheduling.AvailabilityOpening>();

    public DbSet<Scheduling.PractitionerLeave> PractitionerLeaves => Set<Scheduling.PractitionerLeave>();

    public DbSet<Scheduling.PriorLink> PriorLinks => Set<Scheduling.PriorLink>();

    public DbSet<Scheduling.SuitedPair> SuitedPairs => Set<Scheduling.SuitedPair>();

    public DbSet<Scheduling.Appointment> Appointments => Set<Scheduling.Appointment>();

    public DbSet<Scheduling.PractitionerBooking> PractitionerBookings => Set<Scheduling.PractitionerBooking>();

    public DbSet<Scheduling.ExcludedPair> ExcludedPairs => Set<Scheduling.ExcludedPair>();

    public DbSet<Mail.OutboxMessage> OutboxMessages => Set<Mail.OutboxMessage>();

    public DbSet<Common.ScheduledJob> ScheduledJobs => Set<Common.ScheduledJob>();

    public DbSet<Cases.InterviewRecord> InterviewRecords => Set<Cases.InterviewRecord>();

    public DbSet<Cases.CaseNote> CaseNotes => Set<Cases.CaseNote>();

    public DbSet<Cases.Referral> Referrals => Set<Cases.Referral>();

    public DbSet<Cases.Who5Response> Who5Responses => Set<Cases.Who5Response>();

    public DbSet<Groups.GroupActivity> GroupActivities => Set<Groups.GroupActivity>();

    public DbSet<Groups.GroupSession> GroupSessions => Set<Groups.GroupSession>();

    public DbSet<Groups.GroupEnrolment> GroupEnrolments => Set<Groups.GroupEnrolment>();

    public DbSet<Groups.GroupAttendance> GroupAttendances => Set<Groups.GroupAttendance>();

    public DbSet<Programmes.TeamProgramme> TeamProgrammes => Set<Programmes.TeamProgramme>();

    public DbSet<Programmes.ProgrammeParticipant> ProgrammeParticipants => Set<Programmes.ProgrammeParticipant>();

    public DbSet<Programmes.ProgrammeSession> ProgrammeSessions => Set<Programmes.ProgrammeSession>();

    public DbSet<Programmes.ProgrammeAttendance> ProgrammeAttendances => Set<Programmes.ProgrammeAttendance>();

    public DbSet<Programmes.DocumentCounter> DocumentCounters => Set<Programmes.DocumentCounter>();

    public DbSet<Programmes.Invoice> Invoices => Set<Programmes.Invoice>();

    public DbSet<Programmes.InvoiceLine> InvoiceLines => Set<Programmes.InvoiceLine>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        if (Database.IsNpgsql())
        {
            // For the exclusion constraint that keeps a practitioner out of two appointments at once.
            builder.HasPostgresExtension("btree_gist");
        }

        builder.ApplyConfigurationsFromAssembly(typeof(TandemDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (Database.IsSqlite())
        {
            // SQLite has no instant type: ticks since the epoch keep order and precision.
            configurationBuilder.Properties<Instant>().HaveConversion<InstantTicksConverter>();
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetTicksConverter>();
            configurationBuilder.Properties<LocalTime>().HaveConversion<LocalTimeTicksConverter>();
            configurationBuilder.Properties<LocalDate>().HaveConversion<LocalDateIsoConverter>();
        }
    }
}
