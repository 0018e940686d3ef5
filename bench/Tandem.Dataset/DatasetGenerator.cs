using System.Diagnostics;
using Bogus;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Cases;
using Tandem.Core.Data;
using Tandem.Core.Hotline;
using Tandem.Core.Organisations;
using Tandem.Core.Practitioners;
using Tandem.Core.Requests;
using Tandem.Core.Scheduling;
using Tandem.Core.Security;
using Tandem.Core.Security.Encryption;
using Tandem.Core.Staff;

namespace Tandem.Dataset;

/// <summary>
/// Fills an empty, migrated database with a national provider's two years (issue 8): staff,
/// organisations with their units and agreed indicators, practitioners with a working week,
/// requests, first and second interviews booked without overlap on a 90-minute grid, interview
/// records, sealed case notes and messages, WHO-5 answers and listening-line calls. Everything
/// is drawn from one seeded generator, so a seed and an anchor day give the same content.
/// Access codes are real only for the few spaces the manifest names (Argon2id is slow on
/// purpose); the other spaces carry a hash no code matches.
/// </summary>
public sealed class DatasetGenerator(TandemDbContext db, EnvelopeCrypto crypto, DatasetScale scale, int seed, LocalDate anchor, TextWriter? log = null)
{
    public const string StaffDomain = "bench.tandem.test";

    private const int InterviewMinutes = 90;
    private const int FlushEvery = 10_000;
    private const int FutureDays = 70;

    private static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Europe/Paris"];
    private static readonly LocalTime[] Grid =
        [new(8, 0), new(9, 30), new(11, 0), new(13, 30), new(15, 0), new(16, 30), new(18, 0)];

    private static readonly (string Code, int Weight)[] DisciplineWeights =
    [
        (Disciplines.ClinicalPsychologist, 20), (Disciplines.WorkPsychologist, 24), (Disciplines.SocialWorker, 13),
        (Disciplines.OccupationalPhysician, 13), (Disciplines.Coach, 8), (Disciplines.LabourLawyer, 12), (Disciplines.CareerCounsellor, 10),
    ];

    private readonly Random _random = new(seed);
    private readonly Faker _faker = new("fr") { Random = new Randomizer(seed) };
    private readonly BulkWriter _writer = new(db);
    private readonly Batch _batch = new();
    private readonly HashSet<string> _lookups = new(StringComparer.Ordinal);
    private readonly List<SpaceHandle> _knownSpaces = [];
    private readonly List<Guid> _slotSearch = [];
    private readonly List<BookableRequest> _bookable = [];
    private readonly List<StaffHandle> _staff = [];

    private LocalDate _start;
    private Instant _anchorInstant;
    private int _days;
    private Practitioner[] _practitioners = [];
    private Dictionary<string, int[]> _byDiscipline = [];
    private bool[] _busy = [];
    private Org[] _organisations = [];
    private double[] _organisationWeights = [];
    private Dictionary<string, (string A, string B)[]> _pairs = [];
    private Guid[] _coordinators = [];
    private byte[] _unusableHash = [];
    private byte[] _unusableSalt = [];
    private double _secondShare;
    private double _notesPerInterview;
    private string _password = "";

    public async Task<DatasetManifest> GenerateAsync(CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        if (await db.Users.AnyAsync(ct) || await db.Requests.AnyAsync(ct))
        {
            throw new InvalidOperationException("The database already holds data: the generator only fills an empty one.");
        }

        _days = (365 * scale.Years) - 10;
        _start = anchor.PlusDays(-_days);
        _anchorInstant = anchor.AtStartOfDayInZone(Zone).ToInstant();
        _busy = new bool[scale.Practitioners * (_days + FutureDays) * Grid.Length];
        _unusableHash = Bytes(32);
        _unusableSalt = Bytes(16);
        _pairs = (await db.SuitedPairs.AsNoTracking().ToListAsync(ct))
            .GroupBy(p => p.Theme).ToDictionary(g => g.Key, g => g.Select(p => (p.DisciplineA, p.DisciplineB)).ToArray());

        // Shares that land on the scale's totals: 85 % accepted, 82 % of those with a first interview, a second after about 90 % of held firsts.
        const double accepted = 0.85, first = 0.82, attended = 0.87;
        _secondShare = Math.Clamp((((double)scale.Appointments / (scale.Requests * accepted * first)) - 1) / 0.9, 0, 1);
        _notesPerInterview = scale.Notes / (scale.Appointments * attended);

        await StaffAndOrganisationsAsync(ct);
        Log($"staff, {scale.Organisations} organisations and {scale.Practitioners} practitioners");
        await RequestsAsync(accepted, first, ct);
        Log($"{scale.Requests} requests and what followed them");
        await CallsAsync(ct);
        Log($"{scale.Calls} listening-line calls");

        var counts = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["practitioners"] = await db.PractitionerProfiles.LongCountAsync(ct),
            ["organisations"] = await db.Organisations.LongCountAsync(ct),
            ["departments of the largest"] = await db.OrganisationUnits.LongCountAsync(u => u.OrganisationId == _organisations[0].Id && u.Kind == UnitKind.Department, ct),
            ["spaces"] = await db.BeneficiarySpaces.LongCountAsync(ct),
            ["requests"] = await db.Requests.LongCountAsync(ct),
            ["appointments"] = await db.Appointments.LongCountAsync(ct),
            ["interview records"] = await db.InterviewRecords.LongCountAsync(ct),
            ["notes"] = await db.CaseNotes.LongCountAsync(ct),
            ["calls"] = await db.HotlineCalls.LongCountAsync(ct),
        };
        return new DatasetManifest(scale.Name, seed, anchor.ToString("yyyy-MM-dd", null), _password, _staff, _knownSpaces, _slotSearch, _bookable,
            _organisations[0].Id, anchor.Year - 1, counts, Math.Round(clock.Elapsed.TotalSeconds, 1));
    }

    private void Log(string what) => log?.WriteLine($"  {DateTime.Now:HH:mm:ss} {what}");

    private async Task StaffAndOrganisationsAsync(CancellationToken ct)
    {
        var now = SystemClock.Instance.GetCurrentInstant();
        _password = SecretTokens.NewTypedCode(4);
        var hasher = new PasswordHasher<StaffUser>();
        string? passwordHash = null;
        var users = new List<StaffUser>();
        StaffUser User(string role, string name, string email, Guid? organisationId)
        {
            var user = new StaffUser
            {
                Id = NextGuid(),
                DisplayName = name,
                Role = role,
                Email = email,
                NormalizedEmail = email.ToUpperInvariant(),
                UserName = email,
                NormalizedUserName = email.ToUpperInvariant(),
                EmailConfirmed = true,
                SecurityStamp = NextGuid().ToString("N"),
                ConcurrencyStamp = NextGuid().ToString(),
                CreatedAt = now,
                OrganisationId = organisationId,
                TotpSecret = TotpCodes.NewSecret(),
                TotpConfirmedAt = now,
                TwoFactorEnabled = true,
            };
            user.PasswordHash = passwordHash ??= hasher.HashPassword(user, _password);
            users.Add(user);
            return user;
        }

        void Handle(StaffUser user, Guid? practitionerId = null) =>
            _staff.Add(new StaffHandle(user.Role, user.Email!, user.TotpSecret!, user.Id, practitionerId, user.OrganisationId));

        Handle(User(Roles.Administrator, "Administration (banc d'essai)", $"admin@{StaffDomain}", null));
        _coordinators = Enumerable.Range(1, 4).Select(i =>
        {
            var user = User(Roles.Coordinator, _faker.Name.FullName(), $"coordination{i}@{StaffDomain}", null);
            Handle(user);
            return user.Id;
        }).ToArray();

        // Organisations: the first is the largest (40 departments); requests follow a Zipf-like share.
        var organisations = new List<Organisation>();
        var units = new List<OrganisationUnit>();
        var steps = new List<OnboardingStep>();
        _organisations = new Org[scale.Organisations];
        for (var i = 0; i < scale.Organisations; i++)
        {
            var institution = _random.NextDouble() < 0.15;
            var organisation = new Organisation
            {
                Id = NextGuid(),
                Name = $"{_faker.Company.CompanyName()} ({i + 1})",
                Code = $"ORG{i + 1:D4}",
                Kind = institution ? OrganisationKind.Institution : OrganisationKind.Company,
                CreatedAt = now,
                AgreementStart = _start.PlusDays(-90),
                AgreementEnd = anchor.PlusYears(1),
                IncludesListeningLine = true,
                IncludesInterviews = true,
                IncludesGroups = _random.NextDouble() < 0.5,
                IncludesTeamProgrammes = institution,
            };
            organisations.Add(organisation);
            var departmentCount = i == 0 ? scale.LargestDepartments : _random.Next(2, 13);
            var departments = Enumerable.Range(0, departmentCount).Select(d => new OrganisationUnit
            {
                Id = NextGuid(),
                OrganisationId = organisation.Id,
                Kind = UnitKind.Department,
                Name = $"{_faker.Commerce.Department()} {d + 1}",
                Position = d,
                Headcount = _random.Next(8, 900),
            }).ToArray();
            var families = Enumerable.Range(0, _random.Next(3, 7)).Select(f => new OrganisationUnit
            {
                Id = NextGuid(),
                OrganisationId = organisation.Id,
                Kind = UnitKind.JobFamily,
                Name = $"{_faker.Name.JobArea()} {f + 1}",
                Position = f,
            }).ToArray();
            units.AddRange(departments);
            units.AddRange(families);
            var agreed = _start.PlusDays(-60);
            steps.Add(Step(organisation.Id, OnboardingStepKind.IndicatorsAgreed, agreed, 5, string.Join(',', IndicatorDimensions.All)));
            steps.Add(Step(organisation.Id, OnboardingStepKind.Live, agreed.PlusDays(14), null, null));
            _organisations[i] = new Org(organisation.Id, departments.Select(d => d.Id).ToArray(), families.Select(f => f.Id).ToArray());
        }

        var weights = Enumerable.Range(0, scale.Organisations).Select(i => 1 / Math.Pow(i + 1, 0.8)).ToArray();
        var total = weights.Sum();
        _organisationWeights = new double[weights.Length];
        var cumulative = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            cumulative += weights[i] / total;
            _organisationWeights[i] = cumulative;
        }

        // Contacts of the ten largest organisations.
        for (var i = 0; i < Math.Min(10, scale.Organisations); i++)
        {
            Handle(User(Roles.OrganisationContact, _faker.Name.FullName(), $"contact{i + 1:D2}@{StaffDomain}", _organisations[i].Id));
        }

        // Practitioners: one discipline each, phone and video for all, in person for most, a working week.
        var disciplineTotal = DisciplineWeights.Sum(d => d.Weight);
        var profiles = new List<PractitionerProfile>();
        var disciplines = new List<PractitionerDiscipline>();
        var windows = new List<AvailabilityWindow>();
        var leaves = new List<PractitionerLeave>();
        var links = new List<PriorLink>();
        _practitioners = new Practitioner[scale.Practitioners];
        for (var i = 0; i < scale.Practitioners; i++)
        {
            // Every discipline has someone, then the weights decide.
            var discipline = i < DisciplineWeights.Length ? DisciplineWeights[i].Code : Weighted(DisciplineWeights, disciplineTotal);
            var name = _faker.Name.FullName();
            var user = User(Roles.Practitioner, name, $"p{i + 1:D3}@{StaffDomain}", null);
            var inPerson = _random.NextDouble() < 0.7;
            var place = inPerson ? $"{_faker.Address.StreetAddress()}, {_random.Next(1, 21)}e arrondissement" : null;
            var profile = new PractitionerProfile
            {
                Id = NextGuid(),
                UserId = user.Id,
                PublicName = name,
                Languages = _random.NextDouble() < 0.2 ? "fr,en" : "fr",
                Places = place,
                OffersInPerson = inPerson,
                OffersPhone = true,
                OffersVideo = true,
                UpdatedAt = now,
            };
            profiles.Add(profile);
            disciplines.Add(new PractitionerDiscipline { PractitionerId = profile.Id, Code = discipline });
            Handle(user, profile.Id);
            Modality[] offered = inPerson ? [Modality.InPerson, Modality.Video, Modality.Phone] : [Modality.Video, Modality.Phone];
            var turn = _random.Next(offered.Length);
            foreach (var day in new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday })
            {
                foreach (var (from, to) in new[] { (new LocalTime(8, 0), new LocalTime(12, 30)), (new LocalTime(13, 30), new LocalTime(19, 30)) })
                {
                    var modality = offered[turn++ % offered.Length];
                    windows.Add(new AvailabilityWindow
                    {
                        Id = NextGuid(),
                        PractitionerId = profile.Id,
                        Day = day,
                        Start = from,
                        End = to,
                        Modality = modality,
                        Place = modality == Modality.InPerson ? place : null,
                        Access = modality == Modality.InPerson ? "Rez-de-chaussée, accès de plain-pied" : null,
                    });
                }
            }

            _practitioners[i] = new Practitioner(profile.Id, user.Id, discipline, place);
            if (_random.NextDouble() < 0.1)
            {
                // A week of leave within the next eight weeks; nothing is booked over it.
                var monday = anchor.PlusDays(_random.Next(0, 50)).With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday));
                leaves.Add(new PractitionerLeave
                {
                    Id = NextGuid(),
                    PractitionerId = profile.Id,
                    Start = monday.AtStartOfDayInZone(Zone).ToInstant(),
                    End = monday.PlusDays(5).AtStartOfDayInZone(Zone).ToInstant(),
                });
                for (var d = 0; d < 5; d++)
                {
                    var dayIndex = Period.Between(_start, monday.PlusDays(d), PeriodUnits.Days).Days;
                    if (dayIndex >= 0 && dayIndex < _days + FutureDays)
                    {
                        for (var s = 0; s < Grid.Length; s++)
                        {
                            _busy[Slot(i, dayIndex, s)] = true;
                        }
                    }
                }
            }

            if (_random.NextDouble() < 0.03)
            {
                links.Add(new PriorLink { Id = NextGuid(), PractitionerId = profile.Id, OrganisationId = _organisations[_random.Next(scale.Organisations)].Id });
            }
        }

        _byDiscipline = Enumerable.Range(0, _practitioners.Length).GroupBy(i => _practitioners[i].Discipline).ToDictionary(g => g.Key, g => g.ToArray());
        await _writer.WriteAsync(organisations, ct);
        await _writer.WriteAsync(users, ct);
        var roles = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Name!, r => r.Id, StringComparer.Ordinal, ct);
        await _writer.WriteAsync(users.Select(u => new IdentityUserRole<Guid> { UserId = u.Id, RoleId = roles[u.Role] }).ToList(), ct);
        await _writer.WriteAsync(units, ct);
        await _writer.WriteAsync(steps, ct);
        await _writer.WriteAsync(profiles, ct);
        await _writer.WriteAsync(disciplines, ct);
        await _writer.WriteAsync(windows, ct);
        await _writer.WriteAsync(leaves, ct);
        await _writer.WriteAsync(links, ct);

        OnboardingStep Step(Guid organisationId, OnboardingStepKind kind, LocalDate date, int? minimumCell, string? tables) => new()
        {
            Id = NextGuid(),
            OrganisationId = organisationId,
            Kind = kind,
            Date = date,
            Attendees = "Direction, CSE",
            MinimumCell = minimumCell,
            Tables = tables,
            RecordedById = users[0].Id,
            RecordedAt = now,
        };
    }

    private async Task RequestsAsync(double acceptedShare, double firstShare, CancellationToken ct)
    {
        // Requests per day: weekdays busier than weekends, the total exactly the scale's.
        var dayWeights = Enumerable.Range(0, _days).Select(d => _start.PlusDays(d).DayOfWeek switch
        {
            IsoDayOfWeek.Saturday => 0.45,
            IsoDayOfWeek.Sunday => 0.35,
            _ => 1.0,
        }).ToArray();
        var weightTotal = dayWeights.Sum();
        var reserved = scale.BookableRequests + Math.Max(4, scale.BookableRequests / 20);
        var lastSixtyDays = (int)(scale.Requests * dayWeights.TakeLast(60).Sum() / weightTotal);
        var knownEvery = Math.Max(1, (int)(lastSixtyDays * 0.7 / Math.Max(1, scale.SignInSpaces)));
        var recentSpaces = new List<(Guid Id, int Day)>();
        var written = 0;
        var carried = 0.0;
        var sinceKnown = 0;
        for (var day = 0; day < _days; day++)
        {
            carried += (scale.Requests - reserved) * dayWeights[day] / weightTotal;
            var today = (int)carried - written;
            if (day == _days - 1)
            {
                today = scale.Requests - written - reserved;
            }

            for (var n = 0; n < today; n++)
            {
                var created = _start.PlusDays(day).At(LocalTime.FromMinutesSinceMidnight(_random.Next(6 * 60, 24 * 60)))
                    .InZoneLeniently(Zone).ToInstant();
                var returning = recentSpaces.Count > 100 && _random.NextDouble() < 0.12;
                Guid spaceId;
                if (returning)
                {
                    spaceId = recentSpaces[_random.Next(recentSpaces.Count)].Id;
                }
                else
                {
                    var known = day >= _days - 60 && ++sinceKnown >= knownEvery && _knownSpaces.Count + _batch.PendingKnown.Count < scale.SignInSpaces;
                    sinceKnown = known ? 0 : sinceKnown;
                    spaceId = NewSpace(created, known, out var code);
                    recentSpaces.Add((spaceId, day));
                    if (recentSpaces.Count > 50_000)
                    {
                        recentSpaces.RemoveRange(0, 10_000);
                    }

                    if (code is not null)
                    {
                        _batch.PendingKnown.Add((code, spaceId));
                    }
                }

                NewRequest(spaceId, created, day, acceptedShare, firstShare, load: null);
                written++;
                if (_batch.Requests.Count >= FlushEvery)
                {
                    await FlushAsync(ct);
                }
            }
        }

        // What the load scenario takes: accepted yesterday, nothing booked yet.
        var yesterday = _anchorInstant - Duration.FromHours(20);
        for (var i = 0; i < reserved; i++)
        {
            var spaceId = NewSpace(yesterday, known: false, out _);
            var requestId = NewRequest(spaceId, yesterday + Duration.FromSeconds(i), _days - 1, 1, 0, load: true);
            if (i < scale.BookableRequests)
            {
                var request = _batch.Requests[^1];
                _bookable.Add(new BookableRequest(requestId, $"{request.Modality}:{_batch.Themes[^1].Code}"));
            }
            else
            {
                _slotSearch.Add(requestId);
            }

            if (_batch.Requests.Count >= FlushEvery)
            {
                await FlushAsync(ct);
            }
        }

        await FlushAsync(ct);
    }

    private Guid NewSpace(Instant created, bool known, out string? code)
    {
        code = null;
        var key = NewKey(created);
        var space = new BeneficiarySpace
        {
            Id = NextGuid(),
            CodeLookup = "",
            CodeHash = _unusableHash,
            CodeSalt = _unusableSalt,
            DataKeyId = key.Id,
            CreatedAt = created,
            Stamp = NextGuid(),
        };
        if (known)
        {
            AccessCode real;
            do
            {
                real = AccessCodes.New();
            }
            while (!_lookups.Add(real.Lookup));

            // The generator runs alone in its process: waiting here blocks no request.
            (space.CodeHash, space.CodeSalt) = AccessCodes.HashAsync(real).GetAwaiter().GetResult();
            space.CodeLookup = real.Lookup;
            code = real.Display;
        }
        else
        {
            string lookup;
            do
            {
                lookup = string.Create(5, _random, (span, random) =>
                {
                    for (var i = 0; i < span.Length; i++)
                    {
                        span[i] = SecretTokens.TypedCodeAlphabet[random.Next(SecretTokens.TypedCodeAlphabet.Length)];
                    }
                });
            }
            while (!_lookups.Add(lookup));

            space.CodeLookup = lookup;
        }

        if (_random.NextDouble() < 0.6)
        {
            space.Pseudonym = crypto.Seal(key, _faker.Name.FirstName(), CreateRequest.PseudonymPurpose(space.Id));
        }

        _batch.Spaces.Add(space);
        return space.Id;
    }

    /// <summary>A request and all that followed it. <paramref name="load"/> true: accepted, nothing booked (kept for the load scenario).</summary>
    private Guid NewRequest(Guid spaceId, Instant created, int day, double acceptedShare, double firstShare, bool? load)
    {
        var key = NewKey(created);
        var organisation = _random.NextDouble() < 0.9 ? _organisations[OrganisationIndex()] : null;
        var themeCount = load is true || _random.NextDouble() < 0.6 ? 1 : 2;
        var themes = new List<string>();
        while (themes.Count < themeCount)
        {
            var theme = Themes.All[_random.Next(Themes.All.Count - 1)];
            if (!themes.Contains(theme))
            {
                themes.Add(theme);
            }
        }

        var roll = _random.NextDouble();
        var modality = roll < 0.4 ? Modality.InPerson : roll < 0.75 ? Modality.Video : Modality.Phone;
        var request = new SupportRequest
        {
            Id = NextGuid(),
            SpaceId = spaceId,
            DataKeyId = key.Id,
            Modality = modality,
            LongInterviewAvailable = true,
            OrganisationId = organisation?.Id,
            DepartmentId = organisation is null || _random.NextDouble() < 0.2 ? null : organisation.Departments[_random.Next(organisation.Departments.Length)],
            JobFamilyId = organisation is null || _random.NextDouble() < 0.3 ? null : organisation.JobFamilies[_random.Next(organisation.JobFamilies.Length)],
            Urgent = _random.NextDouble() < 0.03,
            CreatedAt = created,
        };
        _batch.Requests.Add(request);
        _batch.Themes.AddRange(themes.Select(t => new RequestTheme { RequestId = request.Id, Code = t }));
        if (_random.NextDouble() < 0.5)
        {
            request.Message = crypto.Seal(key, _faker.Lorem.Sentences(_random.Next(1, 4)), CreateRequest.MessagePurpose(request.Id));
        }

        var untriaged = load is null && _anchorInstant - created < Duration.FromHours(36);
        if (untriaged)
        {
            return request.Id;
        }

        request.TriagedAt = created + Duration.FromMinutes(_random.Next(20, 600));
        request.TriagedById = _coordinators[_random.Next(_coordinators.Length)];
        roll = _random.NextDouble();
        request.Status = load is true || roll < acceptedShare ? RequestStatus.Accepted : roll < acceptedShare + 0.1 ? RequestStatus.Signposted : RequestStatus.Declined;
        if (request.Status == RequestStatus.Signposted)
        {
            request.SignpostedTo = SignpostTargets.All[_random.Next(SignpostTargets.All.Count)];
        }

        if (request.Status != RequestStatus.Accepted)
        {
            request.ClosedAt = request.TriagedAt;
            return request.Id;
        }

        request.FrameworkPresentedAt = request.TriagedAt;
        if (_random.NextDouble() < 0.1)
        {
            foreach (var fromCoordination in new[] { true, false })
            {
                var id = NextGuid();
                _batch.Messages.Add(new RequestMessage
                {
                    Id = id,
                    RequestId = request.Id,
                    FromCoordination = fromCoordination,
                    AuthorStaffId = fromCoordination ? request.TriagedById : null,
                    Body = crypto.Seal(key, _faker.Lorem.Sentences(_random.Next(1, 3)), RequestConversation.Purpose(id)),
                    SentAt = request.TriagedAt.Value + Duration.FromHours(fromCoordination ? 1 : 5),
                });
            }
        }

        if (load is true || _random.NextDouble() >= firstShare)
        {
            return request.Id;
        }

        request.LongInterviewConfirmedAt = request.TriagedAt;
        var firstHeld = Interview(request, key, themes, AppointmentKind.First, day + _random.Next(2, 13));
        if (firstHeld is { } held && _random.NextDouble() < _secondShare)
        {
            var secondDay = Period.Between(_start, held.InZone(Zone).Date, PeriodUnits.Days).Days + _random.Next(21, 43);
            if (Interview(request, key, themes, AppointmentKind.Second, secondDay) is { } second && second < _anchorInstant - Duration.FromDays(60))
            {
                request.ClosedAt = second + Duration.FromDays(30);
            }
        }

        return request.Id;
    }

    /// <summary>Books an interview on the first free grid slot from a day; the start of a held one, else null.</summary>
    private Instant? Interview(SupportRequest request, DataKey key, List<string> themes, AppointmentKind kind, int fromDay)
    {
        var candidates = _pairs.TryGetValue(themes[0], out var suited) ? suited : _pairs.Values.SelectMany(p => p).ToArray();
        var (a, b) = candidates[_random.Next(candidates.Length)];
        if (FindSlot(a, b, fromDay) is not var (first, second, day, slot))
        {
            return null;
        }

        var start = _start.PlusDays(day).At(Grid[slot]).InZoneLeniently(Zone).ToInstant();
        var end = start + Duration.FromMinutes(InterviewMinutes);
        var past = start < _anchorInstant;
        var roll = _random.NextDouble();
        var cancelled = past && roll < 0.03;
        var attendance = !past || cancelled ? Attendance.Pending : roll < 0.95 ? Attendance.Held : Attendance.NotAttended;
        var appointment = new Appointment
        {
            Id = NextGuid(),
            RequestId = request.Id,
            Kind = kind,
            Start = start,
            End = end,
            Modality = request.Modality,
            FirstPractitionerId = _practitioners[first].Id,
            SecondPractitionerId = _practitioners[second].Id,
            CreatedAt = request.TriagedAt!.Value + Duration.FromHours(1),
            CancelledAt = cancelled ? start - Duration.FromDays(2) : null,
            Attendance = attendance,
            Place = request.Modality == Modality.InPerson ? _practitioners[first].Place ?? _practitioners[second].Place : null,
            VideoRoom = request.Modality == Modality.Video ? NextGuid().ToString("N") : null,
            IdempotencyKey = "",
        };
        appointment.IdempotencyKey = $"dataset:{appointment.Id:N}";
        if (cancelled)
        {
            // A cancelled interview frees its slot: no bookings, and the request may be booked again later.
            _batch.Appointments.Add(appointment);
            return null;
        }

        _busy[Slot(first, day, slot)] = true;
        _busy[Slot(second, day, slot)] = true;
        _batch.Appointments.Add(appointment);
        _batch.Bookings.Add(new PractitionerBooking { AppointmentId = appointment.Id, PractitionerId = appointment.FirstPractitionerId, Start = start, End = end });
        _batch.Bookings.Add(new PractitionerBooking { AppointmentId = appointment.Id, PractitionerId = appointment.SecondPractitionerId, Start = start, End = end });
        if (!past)
        {
            return null;
        }

        var held = attendance == Attendance.Held;
        var recorder = _practitioners[first].UserId;
        var record = new InterviewRecord
        {
            AppointmentId = appointment.Id,
            RequestId = request.Id,
            Held = held,
            DurationMinutes = held ? _random.Next(60, 121) : null,
            NextStep = kind == AppointmentKind.First ? NextStep.SecondInterview : (NextStep)_random.Next(2, 7),
            RecordedById = recorder,
            RecordedAt = end + Duration.FromMinutes(_random.Next(10, 240)),
        };
        if (record.NextStep == NextStep.Signposting)
        {
            record.SignpostCategory = OutsideSignposts.All[_random.Next(OutsideSignposts.All.Count)];
        }

        _batch.Records.Add(record);
        if (!held)
        {
            return null;
        }

        _batch.RecordThemes.AddRange(themes.Select(t => new InterviewTheme { AppointmentId = appointment.Id, Code = t }));
        foreach (var axis in RiskFactors.All.OrderBy(_ => _random.Next()).Take(_random.Next(1, 4)))
        {
            _batch.Axes.Add(new InterviewAxis { AppointmentId = appointment.Id, Axis = axis, Level = _random.NextDouble() < 0.7 ? AxisLevel.Raised : AxisLevel.Major });
        }

        if (kind == AppointmentKind.First && _random.NextDouble() < 0.5)
        {
            _batch.Who5.Add(new Who5Response { Id = NextGuid(), RequestId = request.Id, Moment = Who5Moment.BeforeFirst, RawScore = _random.Next(2, 18), AnsweredAt = start - Duration.FromDays(1) });
            if (start + Duration.FromDays(92) < _anchorInstant && _random.NextDouble() < 0.4)
            {
                _batch.Who5.Add(new Who5Response { Id = NextGuid(), RequestId = request.Id, Moment = Who5Moment.ThreeMonths, RawScore = _random.Next(6, 24), AnsweredAt = start + Duration.FromDays(92) });
            }
        }

        var notes = (int)_notesPerInterview + (_random.NextDouble() < _notesPerInterview % 1 ? 1 : 0);
        for (var i = 0; i < notes; i++)
        {
            var id = NextGuid();
            _batch.Notes.Add(new CaseNote
            {
                Id = id,
                RequestId = request.Id,
                AuthorId = _practitioners[i % 2 == 0 ? first : second].UserId,
                CreatedAt = end + Duration.FromMinutes(15 + i),
                Text = crypto.Seal(key, _faker.Lorem.Paragraph(_random.Next(2, 6)), CaseNotes.Purpose(id)),
            });
        }

        return start;
    }

    /// <summary>The first grid slot, from a weekday on, where a practitioner of each discipline is free.</summary>
    private (int First, int Second, int Day, int Slot)? FindSlot(string disciplineA, string disciplineB, int fromDay)
    {
        if (!_byDiscipline.TryGetValue(disciplineA, out var poolA) || !_byDiscipline.TryGetValue(disciplineB, out var poolB))
        {
            return null;
        }

        Span<int> order = stackalloc int[Grid.Length];
        for (var day = fromDay; day < _days + FutureDays - 14; day++)
        {
            if (_start.PlusDays(day).DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday)
            {
                continue;
            }

            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            _random.Shuffle(order);
            foreach (var slot in order)
            {
                var first = Free(poolA, day, slot, -1);
                var second = first < 0 ? -1 : Free(poolB, day, slot, first);
                if (second >= 0)
                {
                    return (first, second, day, slot);
                }
            }
        }

        return null;
    }

    private int Free(int[] pool, int day, int slot, int except)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var candidate = pool[_random.Next(pool.Length)];
            if (candidate != except && !_busy[Slot(candidate, day, slot)])
            {
                return candidate;
            }
        }

        return -1;
    }

    private int Slot(int practitioner, int day, int slot) => (((practitioner * (_days + FutureDays)) + day) * Grid.Length) + slot;

    private async Task CallsAsync(CancellationToken ct)
    {
        var calls = new List<HotlineCall>();
        var themes = new List<HotlineCallTheme>();
        var outcomes = Enum.GetValues<CallOutcome>();
        for (var i = 0; i < scale.Calls; i++)
        {
            var at = _start.PlusDays(_random.Next(_days)).At(LocalTime.FromMinutesSinceMidnight(_random.Next(0, 24 * 60))).InZoneLeniently(Zone).ToInstant();
            var duration = _random.Next(5, 60);
            var organisation = _random.NextDouble() < 0.7 ? _organisations[OrganisationIndex()] : null;
            var call = new HotlineCall
            {
                Id = NextGuid(),
                At = at,
                DurationMinutes = duration,
                OrganisationId = organisation?.Id,
                DepartmentId = organisation is null || _random.NextDouble() < 0.4 ? null : organisation.Departments[_random.Next(organisation.Departments.Length)],
                JobFamilyId = organisation is null || _random.NextDouble() < 0.5 ? null : organisation.JobFamilies[_random.Next(organisation.JobFamilies.Length)],
                Outcome = outcomes[_random.Next(outcomes.Length)],
                LoggedById = _practitioners[_random.Next(_practitioners.Length)].UserId,
                LoggedAt = at + Duration.FromMinutes(duration + 5),
            };
            calls.Add(call);
            themes.Add(new HotlineCallTheme { CallId = call.Id, Code = Themes.All[_random.Next(Themes.All.Count)] });
            if (calls.Count >= FlushEvery)
            {
                await _writer.WriteAsync(calls, ct);
                await _writer.WriteAsync(themes, ct);
                calls.Clear();
                themes.Clear();
            }
        }

        await _writer.WriteAsync(calls, ct);
        await _writer.WriteAsync(themes, ct);
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        foreach (var (code, spaceId) in _batch.PendingKnown)
        {
            var request = _batch.Requests.First(r => r.SpaceId == spaceId);
            _knownSpaces.Add(new SpaceHandle(code, spaceId, request.Id));
        }

        await _batch.FlushAsync(_writer, ct);
    }

    private DataKey NewKey(Instant created)
    {
        // Its id and bytes are random, as in the app: the wrapping binds the id.
        var key = crypto.NewDataKey();
        key.CreatedAt = created;
        _batch.Keys.Add(key);
        return key;
    }

    private int OrganisationIndex()
    {
        var index = Array.BinarySearch(_organisationWeights, _random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, _organisationWeights.Length - 1);
    }

    private string Weighted((string Code, int Weight)[] choices, int total)
    {
        var roll = _random.Next(total);
        foreach (var (code, weight) in choices)
        {
            if ((roll -= weight) < 0)
            {
                return code;
            }
        }

        return choices[^1].Code;
    }

    private Guid NextGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private sealed record Practitioner(Guid Id, Guid UserId, string Discipline, string? Place);

    private sealed record Org(Guid Id, Guid[] Departments, Guid[] JobFamilies);

    private sealed class Batch
    {
        public List<DataKey> Keys { get; } = [];

        public List<BeneficiarySpace> Spaces { get; } = [];

        public List<SupportRequest> Requests { get; } = [];

        public List<RequestTheme> Themes { get; } = [];

        public List<RequestMessage> Messages { get; } = [];

        public List<Appointment> Appointments { get; } = [];

        public List<PractitionerBooking> Bookings { get; } = [];

        public List<InterviewRecord> Records { get; } = [];

        public List<InterviewTheme> RecordThemes { get; } = [];

        public List<InterviewAxis> Axes { get; } = [];

        public List<Who5Response> Who5 { get; } = [];

        public List<CaseNote> Notes { get; } = [];

        public List<(string Code, Guid SpaceId)> PendingKnown { get; } = [];

        /// <summary>Writes every list in the order the foreign keys need, and empties them.</summary>
        public async Task FlushAsync(BulkWriter writer, CancellationToken ct)
        {
            await WriteAsync(writer, Keys, ct);
            await WriteAsync(writer, Spaces, ct);
            await WriteAsync(writer, Requests, ct);
            await WriteAsync(writer, Themes, ct);
            await WriteAsync(writer, Messages, ct);
            await WriteAsync(writer, Appointments, ct);
            await WriteAsync(writer, Bookings, ct);
            await WriteAsync(writer, Records, ct);
            await WriteAsync(writer, RecordThemes, ct);
            await WriteAsync(writer, Axes, ct);
            await WriteAsync(writer, Who5, ct);
            await WriteAsync(writer, Notes, ct);
            PendingKnown.Clear();
        }

        private static async Task WriteAsync<T>(BulkWriter writer, List<T> rows, CancellationToken ct)
            where T : class
        {
            await writer.WriteAsync(rows, ct);
            rows.Clear();
        }
    }
}
