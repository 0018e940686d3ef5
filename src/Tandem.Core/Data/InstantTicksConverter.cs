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
