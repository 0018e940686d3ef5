using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tandem.Core.Common;

namespace Tandem.Web.Pages;

/// <summary>What every page model shares: the localiser and the way a handler's errors reach the form.</summary>
public abstract class TandemPageModel(IStringLocalizer<SharedResource> localizer) : PageModel
{
    protected IStringLocalizer<SharedResource> L { get; } = localizer;

    /// <summary>Puts every message of the outcome at the top of the form, for forms whose fields are not bound properties.</summary>
    protected void AddMessages<T>(Outcome<T> outcome)
    {
        foreach (var message in outcome.Errors.Values.SelectMany(v => v))
        {
            ModelState.AddModelError(string.Empty, L[message]);
        }
    }

    /// <summary>Puts each field's messages next to the matching input (field <c>email</c> → property <c>Email</c>).</summary>
    protected void AddErrors<T>(Outcome<T> outcome)
    {
        foreach (var (field, keys) in outcome.Errors)
        {
            var key = field.Length == 0 ? string.Empty : char.ToUpperInvariant(field[0]) + field[1..];
            foreach (var message in keys)
            {
                ModelState.AddModelError(key, L[message]);
            }
        }
    }
}
