using NodaTime;
using NodaTime.Text;
using Tandem.Core.Common;

namespace Tandem.Core.Scheduling;

public enum AgendaView
{
    Week = 0,
    Day = 1,
}

/// <summary>A day or a week (Monday to Sunday) of the agenda, in the service's zone, with its neighbours.</summary>
public sealed record AgendaPeriod(AgendaView View, LocalDate First, LocalDate Last, Instant Start, Instant End)
{
    public LocalDate Previous => View == AgendaView.Day ? First.PlusDays(-1) : First.PlusWeeks(-1);

    public LocalDate Next => View == AgendaView.Day ? First.PlusDays(1) : First.PlusWeeks(1);

    public IEnumerable<LocalDate> Days
    {
        get
        {
            for (var day = First; day <= Last; day = day.PlusDays(1))
            {
                yield return day;
            }
        }
    }

    /// <summary>From what a page or a query string says: <c>view</c> <c>week</c> (default) or <c>day</c>, <c>date</c> as <c>yyyy-MM-dd</c> (default today).</summary>
    public static Outcome<AgendaPeriod> Parse(string? view, string? date, IClock clock, DateTimeZone zone)
    {
        var errors = new FieldErrors();
        AgendaView? parsedView = view switch
        {
            null or "" or "week" or "semaine" => AgendaView.Week,
            "day" or "jour" => AgendaView.Day,
            _ => null,
        };
        errors.AddIf(parsedView is null, "view", SchedulingMessages.AgendaViewInvalid);
        var today = clock.GetCurrentInstant().InZone(zone).Date;
        var parsedDate = string.IsNullOrWhiteSpace(date) ? ParseResult<LocalDate>.ForValue(today) : LocalDatePattern.Iso.Parse(date.Trim());
        errors.AddIf(!parsedDate.Success || Math.Abs(Period.Between(today, parsedDate.Value, PeriodUnits.Days).Days) > 3660, "date", SchedulingMessages.DateInvalid);
        return errors.Any
            ? Outcome<AgendaPeriod>.Invalid(errors)
            : Outcome<AgendaPeriod>.Ok(For(parsedView!.Value, parsedDate.Value, zone));
    }

    public static AgendaPeriod For(AgendaView view, LocalDate date, DateTimeZone zone)
    {
        var first = view == AgendaView.Day ? date : date.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday));
        var last = view == AgendaView.Day ? first : first.PlusDays(6);
        return new AgendaPeriod(view, first, last, first.AtStartOfDayInZone(zone).ToInstant(), last.PlusDays(1).AtStartOfDayInZone(zone).ToInstant());
    }
}
