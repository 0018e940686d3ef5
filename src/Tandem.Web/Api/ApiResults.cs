using Microsoft.Extensions.Localization;
using Tandem.Core.Common;

namespace Tandem.Web.Api;

/// <summary>Turns a handler's outcome into an HTTP answer: RFC 9457 problem details, messages localised.</summary>
internal static class ApiResults
{
    public static IResult From<T>(Outcome<T> outcome, IStringLocalizer localizer, Func<T, IResult> onOk) => outcome.Status switch
    {
        OutcomeStatus.Ok => onOk(outcome.Value!),
        OutcomeStatus.Invalid => Results.ValidationProblem(
            outcome.Errors.ToDictionary(kv => kv.Key, kv => kv.Value.Select(k => localizer[k].Value).ToArray()),
            title: localizer["Error.ValidationTitle"]),
        OutcomeStatus.NotFound => Problem(StatusCodes.Status404NotFound, outcome, localizer),
        OutcomeStatus.Conflict => Problem(StatusCodes.Status409Conflict, outcome, localizer),
        OutcomeStatus.Unauthorized => Problem(StatusCodes.Status401Unauthorized, outcome, localizer),
        OutcomeStatus.Throttled => Problem(StatusCodes.Status429TooManyRequests, outcome, localizer),
    };

    public static IResult NotFound(IStringLocalizer localizer) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: localizer[Messages.NotFound]);

    private static IResult Problem<T>(int status, Outcome<T> outcome, IStringLocalizer localizer)
    {
        var key = outcome.Errors.Values.SelectMany(v => v).FirstOrDefault();
        return Results.Problem(statusCode: status, title: key is null ? null : localizer[key].Value);
    }
}
