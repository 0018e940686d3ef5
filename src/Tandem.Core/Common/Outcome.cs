namespace Tandem.Core.Common;

/// <summary>How a feature handler ended, in terms both the pages and the API can render.</summary>
public enum OutcomeStatus
{
    Ok,
    Invalid,
    NotFound,
    Conflict,
    Unauthorized,
    Throttled,
}

/// <summary>
/// The result of a feature handler. Validation errors are keyed by field and hold
/// message keys of the shared resources, never free text, so each surface localises them.
/// </summary>
public sealed class Outcome<T>
{
    private Outcome(OutcomeStatus status, T? value, IReadOnlyDictionary<string, string[]> errors)
    {
        Status = status;
        Value = value;
        Errors = errors;
    }

    public OutcomeStatus Status { get; }

    public T? Value { get; }

    public IReadOnlyDictionary<string, string[]> Errors { get; }

    public bool Succeeded => Status == OutcomeStatus.Ok;

    public static Outcome<T> Ok(T value) => new(OutcomeStatus.Ok, value, FieldErrors.None);

    public static Outcome<T> Invalid(FieldErrors errors) => new(OutcomeStatus.Invalid, default, errors.ToDictionary());

    public static Outcome<T> Invalid(string field, string messageKey) => Invalid(new FieldErrors().Add(field, messageKey));

    public static Outcome<T> Fail(OutcomeStatus status, string? messageKey = null) =>
        new(status, default, messageKey is null ? FieldErrors.None : new Dictionary<string, string[]> { [""] = [messageKey] });

    /// <summary>The same failure, for a handler that answers another type.</summary>
    public Outcome<TOther> Failed<TOther>() =>
        Succeeded ? throw new InvalidOperationException("A success has no failure to pass on.") : new(Status, default, Errors);
}

/// <summary>Collects validation messages (resource keys) per field.</summary>
public sealed class FieldErrors
{
    internal static readonly IReadOnlyDictionary<string, string[]> None = new Dictionary<string, string[]>();

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public FieldErrors Add(string field, string messageKey)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            list = [];
            _errors[field] = list;
        }

        if (!list.Contains(messageKey))
        {
            list.Add(messageKey);
        }

        return this;
    }

    public FieldErrors AddIf(bool condition, string field, string messageKey) => condition ? Add(field, messageKey) : this;

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
}
