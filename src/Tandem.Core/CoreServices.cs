using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using Tandem.Core.Data;
using Tandem.Core.Security.Audit;
using Tandem.Core.Staff;

namespace Tandem.Core;

public static class CoreServices
{
    /// <summary>The database, Identity's stores and every feature handler; no ASP.NET.</summary>
    public static IServiceCollection AddTandemCore(this IServiceCollection services, DatabaseProvider provider, string connectionString)
    {
        services.AddSingleton(new Scheduling.FreeTimeNotices(shared: provider == DatabaseProvider.Postgres));
        services.AddSingleton<Scheduling.FreeTimeCache>();
        services.AddSingleton<Scheduling.FreeTimeChanges>();
        services.AddDbContextFactory<TandemDbContext>((sp, o) =>
            TandemDatabase.Configure(o, provider, connectionString).AddInterceptors(sp.GetRequiredService<Scheduling.FreeTimeChanges>().Interceptors));
        services.AddSingleton<IClock>(SystemClock.Instance);
        services.TryAddSingleton(new Scheduling.SchedulingSettings());
        services.TryAddSingleton(new Requests.CoordinationSettings());
        services.TryAddSingleton(new Mail.MailSettings());
        services.TryAddSingleton(new Cases.RetentionSettings());
        services.TryAddSingleton(new Programmes.BillingSettings());
        services.TryAddSingleton<Mail.IMailTransport, Mail.SmtpMailTransport>();

        services.AddIdentityCore<StaffUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = StaffAccounts.MinPasswordLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.AllowedForNewUsers = false;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<TandemDbContext>();

        services.AddSingleton<AuditTrail.Writer>();
        services.AddScoped<AuditTrail>();
        services.AddScoped<AuditVerifier>();
        services.AddScoped<StaffAccounts>();
        services.AddScoped<StaffSignIn>();
        services.AddScoped<StaffPasswordChange>();
        services.AddScoped<StaffSessionRegistry>();
        services.AddScoped<PasswordResets>();
        services.AddScoped<TotpEnrolment>();
        services.AddSingleton<TotpSecrets>();
        services.AddScoped<FirstAdministratorSetup>();
        services.AddScoped<Invitations>();
        services.AddScoped<StaffDirectory>();
        services.AddScoped<Demo.DemoSeeder>();
        services.AddScoped<Security.Encryption.EnvelopeCrypto>();
        services.AddScoped<Requests.CreateRequest>();
        services.AddScoped<Common.ScheduledJobs>();
        services.AddScoped<Requests.BeneficiaryAccess>();
        services.AddScoped<Requests.Triage>();
        services.AddScoped<Requests.RequestConversation>();
        services.AddScoped<Requests.CoordinationQueue>();
        services.AddScoped<Practitioners.PractitionerProfiles>();
        services.AddScoped<Scheduling.RequestSlots>();
        services.AddScoped<Scheduling.AvailabilityEditor>();
        services.AddScoped<Scheduling.Booking>();
        services.AddScoped<Scheduling.SuitedPairs>();
        services.AddScoped<Mail.Outbox>();
        services.AddScoped<Scheduling.CalendarFeeds>();
        services.AddScoped<Cases.CaseAccess>();
        services.AddScoped<Cases.CaseFiles>();
        services.AddScoped<Cases.CaseNotes>();
        services.AddScoped<Cases.Referrals>();
        services.AddScoped<Groups.GroupActivities>();
        services.AddScoped<Groups.GroupEnrolments>();
        services.AddScoped<Programmes.TeamProgrammes>();
        services.AddScoped<Programmes.ProgrammeBilling>();
        services.AddScoped<Cases.Wellbeing>();
        services.AddScoped<Cases.Danger>();
        services.AddScoped<Organisations.Organisations>();
        services.AddScoped<Hotline.Listening>();
        services.AddScoped<Indicators.IndicatorReports>();
        services.AddScoped<Indicators.IndicatorMonths>();
        services.AddScoped<Cases.Retention>();
        services.AddScoped<Security.Encryption.MasterKeyRotation>();
        services.AddScoped<Mail.OutboxDispatcher>();
        return services;
    }
}
