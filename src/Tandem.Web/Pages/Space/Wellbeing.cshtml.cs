using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Tandem.Core.Cases;
using Tandem.Core.Common;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Space;

/// <summary>The WHO-5 questionnaire, offered and never compulsory; only the score is kept.</summary>
public sealed class WellbeingModel(Wellbeing wellbeing, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    [BindProperty(SupportsGet = true, Name = "moment")]
    public string? Moment { get; set; }

    public int?[] Answers { get; private set; } = new int?[Wellbeing.Items];

    public async Task<IActionResult> OnGetAsync(Guid requestId, CancellationToken ct)
    {
        var offers = await wellbeing.OffersAsync(BeneficiarySessions.SpaceId(User), ct);
        return offers.Any(o => o.RequestId == requestId && Codes.Of(o.Moment) == Moment) ? Page() : LocalRedirect(AuthSchemes.SpacePath);
    }

    public async Task<IActionResult> OnPostAsync(Guid requestId, CancellationToken ct)
    {
        Answers = Enumerable.Range(1, Wellbeing.Items)
            .Select(i => int.TryParse(Request.Form[$"item{i}"], System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : (int?)null)
            .ToArray();
        var outcome = await wellbeing.AnswerAsync(BeneficiarySessions.SpaceId(User), requestId, Codes.Parse<Who5Moment>(Moment), Answers, ct);
        if (outcome.Status == OutcomeStatus.NotFound)
        {
            return NotFound();
        }

        if (outcome.Status == OutcomeStatus.Conflict)
        {
            return LocalRedirect(AuthSchemes.SpacePath);
        }

        if (outcome.Succeeded)
        {
            TempData["Notice"] = L["Who5.Thanks", outcome.Value].Value;
            return LocalRedirect(AuthSchemes.SpacePath);
        }

        AddMessages(outcome);
        return Page();
    }
}
