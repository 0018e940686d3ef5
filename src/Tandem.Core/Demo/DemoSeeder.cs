using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Data;
using Tandem.Core.Organisations;
using Tandem.Core.Practitioners;
using Tandem.Core.Requests;
using Tandem.Core.Security;
using Tandem.Core.Security.Audit;
using Tandem.Core.Staff;

namespace Tandem.Core.Demo;

/// <summary>One line of demo-accounts.json, as API.md describes it.</summary>
public sealed record DemoAccount(
    string Role,
    string Name,
    string Email,
    string Password,
    string TotpSecret,
    Guid? OrganisationId,
    Guid? PractitionerId);

/// <summary>
/// Fills an empty database with a demo provider. Passwords and TOTP secrets are drawn at
/// random each time and written only to demo-accounts.json in the data directory.
/// </summary>
public sealed class DemoSeeder(
    TandemDbContext db, StaffAccounts accounts, UserManager<StaffUser> users, PractitionerProfiles profiles, Scheduling.AvailabilityEditor availability,
    Groups.GroupActivities groups, Programmes.TeamProgrammes programmes, TotpSecrets secrets, AuditTrail audit, IClock clock)
{
    public const string AccountsFileName = "demo-accounts.json";

    private const string DemoPlace = "Paris 11e, 24 rue Oberkampf";
    private const string DemoAccess = "Cour intérieure, bâtiment B, 2e étage ; interphone « Cabinet 2B »";

    private static readonly JsonSerializerOptions FileJson = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private static readonly (string Role, string Name, string Email, string? Discipline)[] Staff =
    [
        (Roles.Administrator, "Claire Administratrice", "admin@demo.tandem.test", null),
        (Roles.Coordinator, "Nadia Coordination", "coordination@demo.tandem.test", null),
        (Roles.Practitioner, "Dr Hélène Marchand", "h.marchand@demo.tandem.test", Disciplines.OccupationalPhysician),
        (Roles.Practitioner, "Julien Roussel", "j.roussel@demo.tandem.test", Disciplines.WorkPsychologist),
        (Roles.Practitioner, "Sophie Benali", "s.benali@demo.tandem.test", Disciplines.SocialWorker),
        (Roles.Practitioner, "Dr Marc Lefèvre", "m.lefevre@demo.tandem.test", Disciplines.ClinicalPsychologist),
        (Roles.Practitioner, "Amélie Caron", "a.caron@demo.tandem.test", Disciplines.Coach),
        (Roles.Practitioner, "Maître Paul Girard", "p.girard@demo.tandem.test", Disciplines.LabourLawyer),
        (Roles.Practitioner, "Inès Morel", "i.morel@demo.tandem.test", Disciplines.CareerCounsellor),
        (Roles.OrganisationContact, "Thomas Durand (RH)", "rh@demo-entreprise.test", null),
    ];

    private static Organisation Organisation(string name, string code, OrganisationKind kind, string[] departments, string[] jobFamilies)
    {
        var organisation = new Organisation
        {
            Id = Guid.NewGuid(),
            Name = name,
            Code = code,
            Kind = kind,
            IncludesListeningLine = true,
            IncludesInterviews = true,
            IncludesGroups = true,
            IncludesTeamProgrammes = kind == OrganisationKind.Institution,
            Prices = "Forfait annuel selon l'effectif ; espaces d'équipe 120 €/h",
        };
        organisation.Units.AddRange(departments.Select((d, i) => new OrganisationUnit { Id = Guid.NewGuid(), OrganisationId = organisation.Id, Kind = UnitKind.Department, Name = d, Position = i, Headcount = 40 + (20 * i) }));
        organisation.Units.AddRange(jobFamilies.Select((j, i) => new OrganisationUnit { Id = Guid.NewGuid(), OrganisationId = organisation.Id, Kind = UnitKind.JobFamily, Name = j, Position = i }));
        return organisation;
    }

    /// <summary>Null, with nothing written, when the database already holds accounts.</summary>
    public async Task<IReadOnlyList<DemoAccount>?> SeedAsync(string dataDirectory, CancellationToken ct = default)
    {
        if (await db.Users.AnyAsync(ct) || await db.StaffLinks.AnyAsync(l => l.UsedAt != null, ct))
        {
            return null;
        }

        var organisations = new[]
        {
            Organisation("Métallerie Durand & Fils", "DURAND", OrganisationKind.Company, ["Atelier", "Logistique", "Bureaux"], ["Ouvriers et techniciens", "Employés", "Cadres"]),
            Organisation("Clinique des Tilleuls", "TILLEULS", OrganisationKind.Institution, ["Soins", "Hôtellerie et entretien", "Administration"], ["Soignants", "Agents", "Encadrement"]),
        };
        db.Organisations.AddRange(organisations);
        await db.SaveChangesAsync(ct);

        var written = new List<DemoAccount>();
        Guid? recorder = null;
        var now = clock.GetCurrentInstant();
        foreach (var (role, name, email, discipline) in Staff)
        {
            var password = SecretTokens.NewTypedCode(4);
            var created = await accounts.CreateAsync(name, email, password, role);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException($"Demo account {email} could not be created.");
            }

            var user = created.Value!;
            recorder ??= role == Roles.Administrator ? user.Id : null;
            var secret = TotpCodes.NewSecret();
            user.TotpSecret = secrets.Seal(user.Id, secret);
            user.TotpConfirmedAt = now;
            user.TwoFactorEnabled = true;
            user.OrganisationId = role == Roles.OrganisationContact ? organisations[0].Id : null;
            await users.UpdateAsync(user);
            Guid? practitionerId = null;
            if (discipline is not null)
            {
                var profile = await profiles.SaveAsync(user.Id, user.Id, new ProfileInput(
                    name, [discipline], ["fr"], null, "Paris 11e — accès de plain-pied", [Modality.InPerson, Modality.Phone, Modality.Video]), ct);
                practitionerId = profile.Value!.Id;
                await AddWeekAsync(user.Id, ct);
            }

            written.Add(new DemoAccount(role, name, email, password, secret,
                role == Roles.OrganisationContact ? organisations[0].Id : null,
                practitionerId));
        }

        // The first organisation went through its onboarding two months ago: its indicators are open.
        var agreed = now.InZone(DateTimeZoneProviders.Tzdb["Europe/Paris"]).Date.PlusMonths(-2);
        var steps = new (OnboardingStepKind Kind, int Day, string Attendees)[]
        {
            (OnboardingStepKind.ManagementMeeting, 0, "Direction générale, DRH"),
            (OnboardingStepKind.WorksCouncil, 7, "CSE, CSSCT, DRH"),
            (OnboardingStepKind.IndicatorsAgreed, 7, "CSE, direction"),
            (OnboardingStepKind.WorkersInformed, 14, "DRH, affichage sur les trois sites"),
            (OnboardingStepKind.Live, 21, "Coordination Tandem"),
        };
        db.OnboardingSteps.AddRange(steps.Select(s => new OnboardingStep
        {
            Id = Guid.NewGuid(),
            OrganisationId = organisations[0].Id,
            Kind = s.Kind,
            Date = agreed.PlusDays(s.Day),
            Attendees = s.Attendees,
            MinimumCell = s.Kind == OnboardingStepKind.IndicatorsAgreed ? 5 : null,
            Tables = s.Kind == OnboardingStepKind.IndicatorsAgreed ? string.Join(',', IndicatorDimensions.All) : null,
            RecordedById = recorder ?? Guid.Empty,
            RecordedAt = now,
        }));
        await db.SaveChangesAsync(ct);
        await AddGroupsAndProgrammeAsync(recorder!.Value, organisations[1].Id, written.Where(a => a.PractitionerId is not null).Select(a => a.PractitionerId!.Value).ToList(), ct);

        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, AccountsFileName);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(written, FileJson), ct);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await audit.AppendAsync(AuditTrail.System, AuditActions.DemoSeeded, null,
            new Dictionary<string, string?> { ["accounts"] = written.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) }, ct);
        return written;
    }

    /// <summary>A monthly support group, two workshops, and a year of supervision at the institution, with their next sessions (by practitioner, in the order of <see cref="Staff"/>).</summary>
    private async Task AddGroupsAndProgrammeAsync(Guid administrator, Guid institution, List<Guid> practitioners, CancellationToken ct)
    {
        var zone = DateTimeZoneProviders.Tzdb["Europe/Paris"];
        var today = clock.GetCurrentInstant().InZone(zone).Date;
        Instant At(LocalDate date, int hour) => date.At(new LocalTime(hour, 0)).InZoneLeniently(zone).ToInstant();
        var firstTuesday = today.PlusDays(7).With(DateAdjusters.Next(IsoDayOfWeek.Tuesday));
        var activities = new (Groups.ActivityInput Input, Groups.SessionsInput Sessions)[]
        {
            (new Groups.ActivityInput(Groups.ActivityKind.SupportGroup, "Groupe de parole du mardi soir", null, "Un soir par mois, entre personnes qui ont traversé des difficultés au travail.",
                [practitioners[3], practitioners[2]], Modality.InPerson, DemoPlace, DemoAccess, 12), new Groups.SessionsInput(At(firstTuesday, 18), 120, 6, null)),
            (new Groups.ActivityInput(Groups.ActivityKind.Workshop, null, Groups.WorkshopCatalogue.Stress, null, [practitioners[1]], Modality.Video, null, null, 10),
                new Groups.SessionsInput(At(firstTuesday.PlusDays(2), 12), 90, 1, 10)),
            (new Groups.ActivityInput(Groups.ActivityKind.Workshop, null, Groups.WorkshopCatalogue.Harassment, null, [practitioners[5]], Modality.InPerson, DemoPlace, DemoAccess, 8),
                new Groups.SessionsInput(At(firstTuesday.PlusDays(9), 17), 120, 1, 8)),
        };
        foreach (var (input, sessions) in activities)
        {
            var created = await groups.CreateAsync(administrator, input, ct);
            var planned = created.Succeeded ? await groups.AddSessionsAsync(administrator, created.Value, sessions, ct) : null;
            if (planned is not { Succeeded: true })
            {
                throw new InvalidOperationException("A demo group was refused.");
            }
        }

        var programme = await programmes.CreateAsync(administrator, institution, new Programmes.ProgrammeInput(
            Programmes.ProgrammeType.Supervision, practitioners[3], ["Amélie Rousseau", "Bastien Carpentier", "Céline Morel", "David Perrin", "Élodie Garnier"],
            today, today.PlusYears(1), 1, 120m), ct);
        var session = programme.Succeeded ? await programmes.PlanSessionAsync(administrator, programme.Value, At(today.PlusDays(10), 14), 120, ct) : null;
        if (session is not { Succeeded: true })
        {
            throw new InvalidOperationException("The demo programme was refused.");
        }
    }

    /// <summary>Weekday mornings in person, afternoons by video or phone, every week: the coming eight weeks and after.</summary>
    private async Task AddWeekAsync(Guid userId, CancellationToken ct)
    {
        var weekdays = new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday };
        foreach (var day in weekdays)
        {
            var windows = new[]
            {
                new Scheduling.WindowInput(day, new LocalTime(9, 0), new LocalTime(12, 30), Modality.InPerson, DemoPlace, DemoAccess),
                new Scheduling.WindowInput(day, new LocalTime(14, 0), new LocalTime(18, 0), day is IsoDayOfWeek.Tuesday or IsoDayOfWeek.Thursday ? Modality.Phone : Modality.Video, null),
            };
            foreach (var window in windows)
            {
                var added = await availability.AddWindowAsync(userId, userId, window, ct);
                if (!added.Succeeded)
                {
                    throw new InvalidOperationException("A demo availability window was refused.");
                }
            }
        }
    }
}
