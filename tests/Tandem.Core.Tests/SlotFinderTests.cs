using NodaTime;
using Tandem.Core.Practitioners;
using Tandem.Core.Requests;
using Tandem.Core.Scheduling;

namespace Tandem.Core.Tests;

public sealed class SlotFinderTests
{
    private static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];
    private static readonly Duration Ninety = Duration.FromMinutes(90);
    private static readonly Duration HalfHour = Duration.FromMinutes(30);
    private static readonly Guid Psy = new("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid Lawyer = new("00000000-0000-0000-0000-0000000000b2");
    private static readonly Guid Social = new("00000000-0000-0000-0000-0000000000c3");
    private static readonly Guid Psy2 = new("00000000-0000-0000-0000-0000000000d4");
    private static readonly IReadOnlySet<(Guid, Guid)> NoExclusion = new HashSet<(Guid, Guid)>();

    private static Instant Local(int y, int m, int d, int h, int min) => new LocalDateTime(y, m, d, h, min).InZoneLeniently(Paris).ToInstant();

    private static PractitionerAvailability P(Guid id, string discipline, IsoDayOfWeek day, int fromHour, int toHour, Modality modality = Modality.InPerson, params Interval[] busy) =>
        new(id, [discipline], [new WeeklyWindow(day, new LocalTime(fromHour, 0), new LocalTime(toHour, 0), modality)], [], busy);

    private static SlotQuery Week(int y, int m, int d, Modality modality = Modality.InPerson) =>
        new(Local(y, m, d, 0, 0), Local(y, m, d, 0, 0) + Duration.FromDays(7), Ninety, modality, HalfHour);

    private static bool NeverSuited(string a, string b) => false;

    [Fact]
    public void Pair_BothFreeMondayMorning_GivesEveryHalfHourStartThatFits()
    {
        var slots = SlotFinder.Find([P(Psy, Disciplines.ClinicalPsychologist, IsoDayOfWeek.Monday, 9, 12), P(Lawyer, Disciplines.LabourLawyer, IsoDayOfWeek.Monday, 9, 12)],
            Week(2026, 11, 23), Paris, NeverSuited, NoExclusion);
        Assert.Equal(["09:00", "09:30", "10:00", "10:30"], slots.Select(s => s.Start.InZone(Paris).TimeOfDay.ToString("HH:mm", null)).ToArray());
        Assert.All(slots, s => Assert.Equal(Ninety, s.End - s.Start));
    }

    [Fact]
    public void Pair_OfTheSameDiscipline_IsNeverOffered()
    {
        var slots = SlotFinder.Find([P(Psy, Disciplines.ClinicalPsychologist, IsoDayOfWeek.Monday, 9, 12), P(Psy2, Disciplines.ClinicalPsychologist, IsoDayOfWeek.Monday, 9, 12)],
            Week(2026, 11, 23), Paris, NeverSuited, NoExclusion);
        Assert.Empty(slots);
    }

    [Fact]
    public void Slots_InAnotherModality_AreNotOffered()
    {
        var slots = SlotFinder.Find([P(Psy, Disciplines.ClinicalPsychologist, IsoDayOfWeek.Monday, 9, 12), P(Lawyer, Disciplines.LabourLawyer, IsoDayOfWeek.Monday, 9, 12)],
            Week(2026, 11, 23, Modality.Phone), Paris, NeverSuited, NoExclusion);
        Assert.Empty(slots);
    }

    [Fact]
    public void Busy_Practitioner_RemovesEveryOverlappingSlot()
    {
        var appointment = new Interval(Local(2026, 11, 23, 10, 0), Local(2026, 11, 23, 11, 30));
        var slots = SlotFinder.Find(
            [P(Psy, Disciplines.ClinicalPsychologist, IsoDayOfWeek.Monday, 9, 13, Modality.InPerson, appointment), P(Lawyer, Disciplines.LabourLawyer, IsoDayOfWeek.Monday, 9, 13)],
            Week(2026, 11, 23), Paris, NeverSuited, NoExclusion);
        Assert.Equal(["11:30"], slots.Select(s => s.Start.InZone(Paris).TimeOfDay.ToString("HH:mm", null)).ToArray());
    }

    [Fact]
    public void SpringForward_ASlotAcrossTheSkippedHour_StillLasts90Minutes()
    {
        // 29 March 2026: in Paris, 02:00 becomes 03:00.
        var slots = SlotFinder.Find([P(Psy, Disciplines.ClinicalPsychologist, IsoDayOfWeek.Sunday, 1, 5), P(Lawyer, Disciplines.LabourLawyer, IsoDayOfWeek.Sunday, 1, 5)],
            Week(2026, 3, 23), Paris, NeverSuited, NoExclusion);
        Assert.NotEmpty(slots);
        Assert.All(slots, s => Assert.Equal(Ninety, s.End - s.Start));
        var across = slots.Single(s => s.Start.InZone(Paris).TimeOfDay == new LocalTime(1, 30));
        Assert.Equal(new LocalTime(4, 0), across.End.InZone(Paris).TimeOfDay);
        Assert.Equal(Local(2026, 3, 29, 5, 0), slots.Max(s => s.End));
    }

    [Fact]
    public void FallBack_ASlotAcrossTheRepeatedHour_StillLasts90Minutes()
    {
        // 25 October 2026: in Paris, 03:00 becomes 02:00 again.
        var slots = SlotFinder.Find([P(Psy, Disciplines.ClinicalPsychologist, IsoDayOfWeek.Sunday, 1, 4), P(Lawyer, Disciplines.LabourLawyer, IsoDayOfWeek.Sunday, 1, 4)],
            Week(2026, 10, 19), Paris, NeverSuited, NoExclusion);
        Assert.All(slots, s => Assert.Equal(Ninety, s.End - s.Start));
        var across = slots.Single(s => s.Start.InZone(Paris).LocalDateTime == new LocalDateTime(2026, 10, 25, 1, 30));
        Assert.Equal(new LocalTime(2, 0), across.End.InZone(Paris).TimeOfDay);
        Assert.Equal(Offset.FromHours(1), across.End.InZone(Paris).Offset);

        // The window holds four real hours that day: starts every half hour from 01:00 to 03:30 elapsed.
        Assert.Equal(6, slots.Count);
    }

    [Fact]
    public void SuitedPairs_ComeFirst_AndExcludedPairsNeverCome()
    {
        var people = new[]
        {
            P(Psy, Disciplines.ClinicalPsychologist, IsoDayOfWeek.Tuesday, 9, 11),
            P(Lawyer, Disciplines.LabourLawyer, IsoDayOfWeek.Tuesday, 9, 11),
            P(Social, Disciplines.SocialWorker, IsoDayOfWeek.Monday, 9, 11),
        };
        people[2] = people[2] with { Windows = [new WeeklyWindow(IsoDayOfWeek.Monday, new LocalTime(9, 0), new LocalTime(11, 0), Modality.InPerson), new WeeklyWindow(IsoDayOfWeek.Tuesday, new LocalTime(9, 0), new LocalTime(11, 0), Modality.InPerson)] };
        static bool Harassment(string a, string b) => a == Disciplines.ClinicalPsychologist && b == Disciplines.LabourLawyer;

        var slots = SlotFinder.Find(people, Week(2026, 11, 23), Paris, Harassment, NoExclusion);
        Assert.True(slots[0].Suited);
        Assert.Equal((Psy, Lawyer), (slots[0].First, slots[0].Second));
        Assert.Contains(slots, s => !s.Suited);
        var firstUnsuited = slots.ToList().FindIndex(s => !s.Suited);
        Assert.All(slots.Take(firstUnsuited), s => Assert.True(s.Suited));

        var excluded = SlotFinder.Find(people, Week(2026, 11, 23), Paris, Harassment, new HashSet<(Guid, Guid)> { (Lawyer, Psy) });
        Assert.DoesNotContain(excluded, s => (s.First, s.Second) is var pair && (pair == (Psy, Lawyer) || pair == (Lawyer, Psy)));
        Assert.NotEmpty(excluded);
    }

    [Fact]
    public void Openings_AddTime_AndLeaveRemovesIt()
    {
        var opening = new Opening(new LocalDate(2026, 11, 25), new LocalTime(14, 0), new LocalTime(15, 30), Modality.Video);
        var leave = new Interval(Local(2026, 11, 23, 0, 0), Local(2026, 11, 24, 0, 0));
        var psy = new PractitionerAvailability(Psy, [Disciplines.ClinicalPsychologist], [new WeeklyWindow(IsoDayOfWeek.Monday, new LocalTime(9, 0), new LocalTime(12, 0), Modality.Video)], [opening], [leave]);
        var lawyer = new PractitionerAvailability(Lawyer, [Disciplines.LabourLawyer],
            [new WeeklyWindow(IsoDayOfWeek.Monday, new LocalTime(9, 0), new LocalTime(12, 0), Modality.Video), new WeeklyWindow(IsoDayOfWeek.Wednesday, new LocalTime(13, 0), new LocalTime(18, 0), Modality.Video)], [], []);
        var slots = SlotFinder.Find([psy, lawyer], Week(2026, 11, 23, Modality.Video), Paris, NeverSuited, NoExclusion);
        Assert.Equal([new LocalDateTime(2026, 11, 25, 14, 0)], slots.Select(s => s.Start.InZone(Paris).LocalDateTime).ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Find_OfARandomTeam_GivesWhatEveryPairAtEveryStart_SortedAndCut_Gives(int seed)
    {
        var random = new Random(seed);
        string[] disciplines = [Disciplines.ClinicalPsychologist, Disciplines.LabourLawyer, Disciplines.SocialWorker, Disciplines.WorkPsychologist];
        var week = Week(2026, 11, 23);
        var team = Enumerable.Range(0, 14).Select(_ =>
        {
            var windows = Enumerable.Range(0, random.Next(1, 5)).Select(_ =>
            {
                var from = random.Next(8, 16);
                return new WeeklyWindow((IsoDayOfWeek)random.Next(1, 6), new LocalTime(from, random.Next(2) * 30), new LocalTime(from + random.Next(2, 5), 0), Modality.InPerson);
            }).ToList();
            var busyStart = week.From + Duration.FromMinutes(30 * random.Next(0, 7 * 48));
            return new PractitionerAvailability(
                new Guid(random.GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 16)),
                random.GetItems(disciplines, random.Next(1, 3)).Distinct().ToList(),
                windows,
                [],
                [new Interval(busyStart, busyStart + Duration.FromMinutes(30 * random.Next(1, 12)))]);
        }).ToList();
        static bool Suited(string a, string b) => a == Disciplines.ClinicalPsychologist && b != Disciplines.WorkPsychologist;
        var excluded = new HashSet<(Guid, Guid)> { (team[3].PractitionerId, team[5].PractitionerId), (team[8].PractitionerId, team[1].PractitionerId) };

        // Every pair, the lower id first, at every start of the week; suited pairs first, then by start and ids.
        var free = team.ToDictionary(p => p.PractitionerId, p => SlotFinder.FreeIntervals(p, week, Paris));
        var expected = new List<CandidateSlot>();
        for (var start = week.From; start + week.Length <= week.To; start += week.Step)
        {
            var end = start + week.Length;
            foreach (var a in team)
            {
                foreach (var b in team.Where(b => a.PractitionerId.CompareTo(b.PractitionerId) < 0))
                {
                    var bothFree = free[a.PractitionerId].Any(i => i.Start <= start && i.End >= end) && free[b.PractitionerId].Any(i => i.Start <= start && i.End >= end);
                    var choices = a.Disciplines.SelectMany(da => b.Disciplines.Where(db => db != da).Select(db => (da, db, Suited: Suited(da, db) || Suited(db, da)))).ToList();
                    if (!bothFree || choices.Count == 0 || excluded.Contains((a.PractitionerId, b.PractitionerId)) || excluded.Contains((b.PractitionerId, a.PractitionerId)))
                    {
                        continue;
                    }

                    var (da, db, suited) = choices.Any(c => c.Suited) ? choices.First(c => c.Suited) : choices[0];
                    expected.Add(new CandidateSlot(start, end, a.PractitionerId, da, b.PractitionerId, db, suited));
                }
            }
        }

        var ordered = expected.OrderByDescending(s => s.Suited).ThenBy(s => s.Start).ThenBy(s => s.First).ThenBy(s => s.Second).ToList();
        Assert.Contains(ordered, s => s.Suited);
        Assert.Contains(ordered, s => !s.Suited);
        var shuffled = random.GetItems(team.ToArray(), team.Count).Distinct().Concat(team).Distinct().ToList();
        foreach (var limit in new[] { 1, 7, ordered.Count(s => s.Suited) + 3, 200, int.MaxValue })
        {
            Assert.Equal(ordered.Take(limit), SlotFinder.Find(shuffled, week, Paris, Suited, excluded, limit));
        }
    }

    [Fact]
    public void Overlapping_GivesTheIntervalsThatTouchThePeriod_AsTheyAre_AndTheirSlotsAreThePeriodsSlots()
    {
        Interval At(int day, int fromHour, int toHour) => new(Local(2026, 11, day, fromHour, 0), Local(2026, 11, day, toHour, 0));
        Interval[] free = [At(20, 9, 12), At(23, 8, 11), At(24, 9, 17), At(30, 10, 16), At(30, 17, 19)];
        var period = new SlotQuery(Local(2026, 11, 23, 9, 0), Local(2026, 11, 30, 12, 0), Ninety, Modality.InPerson, HalfHour);

        var overlapping = SlotFinder.Overlapping(free, period.From, period.To);

        Assert.Equal([At(23, 8, 11), At(24, 9, 17), At(30, 10, 16)], overlapping);
        Assert.Empty(SlotFinder.Overlapping(free, Local(2026, 11, 21, 0, 0), Local(2026, 11, 23, 8, 0)));
        Assert.Equal([At(30, 17, 19)], SlotFinder.Overlapping(free, Local(2026, 11, 30, 16, 0), Local(2026, 12, 1, 0, 0)));

        // The slots are those of the intervals cut to the period: nothing starts before it or ends after it.
        var other = new PractitionerAvailability(Lawyer, [Disciplines.LabourLawyer], [], [], []);
        var wholeWeek = (IReadOnlyList<Interval>)[new Interval(period.From - Duration.FromDays(1), period.To + Duration.FromDays(1))];
        var slots = SlotFinder.Find([new PractitionerAvailability(Psy, [Disciplines.ClinicalPsychologist], [], [], []), other], [overlapping, wholeWeek], period, NeverSuited, NoExclusion);
        Assert.Equal(
            [Local(2026, 11, 23, 9, 0), Local(2026, 11, 23, 9, 30), Local(2026, 11, 30, 10, 0), Local(2026, 11, 30, 10, 30)],
            slots.Select(s => s.Start).Where(s => s.InZone(Paris).Day != 24));
        Assert.All(slots, s => Assert.True(s.Start >= period.From && s.End <= period.To));
    }
}
