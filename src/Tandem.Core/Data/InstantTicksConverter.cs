using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NodaTime;

namespace Tandem.Core.Data;

/// <summary>Stores an <see cref="Instant"/> as ticks since the Unix epoch (SQLite only).</summary>
public sealed class InstantTicksConverter() : ValueConverter<Instant, long>(
    instant => instant.ToUnixTimeTicks(),
    ticks => Instant.FromUnixTimeTicks(ticks));

/// <summary>Stores a <see cref="DateTimeOffset"/> (Identity's lockout end) as UTC ticks so SQLite can compare it.</summary>
public sealed class DateTimeOffsetTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));

/// <summary>Stores a <see cref="LocalTime"/> as ticks since midnight (SQLite only).</summary>
public sealed class LocalTimeTicksConverter() : ValueConverter<LocalTime, long>(
    time => time.TickOfDay,
    ticks => LocalTime.FromTicksSinceMidnight(ticks));

/// <summary>Stores a <see cref="LocalDate"/> as ISO text, which sorts like the dates (SQLite only).</summary>
public sealed class LocalDateIsoConverter() : ValueConverter<LocalDate, string>(
    date => NodaTime.Text.LocalDatePattern.Iso.Format(date),
    text => NodaTime.Text.LocalDatePattern.Iso.Parse(text).Value);
