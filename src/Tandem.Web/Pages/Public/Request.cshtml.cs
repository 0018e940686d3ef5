using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tandem.Core.Data;
using Tandem.Core.Organisations;
using Tandem.Core.Requests;

namespace Tandem.Web.Pages.Public;

/// <summary>
/// The request form, without JavaScript: the crisis question first, then the form, then the
/// access code, which the person confirms having kept before anything is saved.
/// </summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Hosting.AuthHosting.RequestCreationRateLimit)]
public sealed class RequestModel(
    CreateRequest create,
    TandemDbContext db,
    IDataProtectionProvider protection,
    IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    private static readonly TimeSpan DraftLifetime = TimeSpan.FromMinutes(30);

    public enum Stage
    {
        Question,
        Form,
        Confirm,
        Sent,
    }

    public Stage Step { get; private set; } = Stage.Question;

    [BindProperty]
    public bool Crisis { get; set; }

    [BindProperty]
    public List<string> Themes { get; set; } = [];

    [BindProperty]
    public bool Collective { get; set; }

    [BindProperty]
    public int? Participants { get; set; }

    [BindProperty]
    public string? Modality { get; set; }

    [BindProperty]
    public bool LongInterviewAvailable { get; set; }

    [BindProperty]
    public string? OrganisationCode { get; set; }

    [BindProperty]
    public Guid? Department { get; set; }

    [BindProperty]
    public Guid? JobFamily { get; set; }

    [BindProperty]
    public string? Pseudonym { get; set; }

    [BindProperty]
    public string? Message { get; set; }

    [BindProperty]
    public string? Draft { get; set; }

    [BindProperty]
    public string? CodeConfirmation { get; set; }

    public string? AccessCode { get; private set; }

    /// <summary>The global cap refused the request: the emergency numbers are shown whatever the answer to the first question.</summary>
    public bool Saturated { get; private set; }

    public Organisation? Organisation { get; private set; }

    private ITimeLimitedDataProtector Protector => protection.CreateProtector("Tandem.RequestDraft").ToTimeLimitedDataProtector();

    /// <summary>The organisation code from the poster's QR code, carried through the crisis question.</summary>
    public string CodeQuery => string.IsNullOrWhiteSpace(OrganisationCode) ? string.Empty : "&code=" + Uri.EscapeDataString(OrganisationCode);

    public void OnGet(string? urgence, string? code)
    {
        if (!string.IsNullOrWhiteSpace(code) && code.Length <= 32)
        {
            OrganisationCode = code.Trim();
        }

        if (urgence is "oui" or "non")
        {
            Crisis = urgence == "oui";
            Step = Stage.Form;
        }
    }

    /// <summary>"Check the code": shows the organisation's departments and job families, saves nothing.</summary>
    public async Task<IActionResult> OnPostOrganisationAsync(CancellationToken ct)
    {
        Step = Stage.Form;
        ModelState.Clear();
        await LoadOrganisationAsync(ct);
        if (!string.IsNullOrWhiteSpace(OrganisationCode) && Organisation is null)
        {
            ModelState.AddModelError(nameof(OrganisationCode), L[RequestMessages.OrganisationUnknown]);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostPrepareAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var input = ToInput();
        var (errors, organisation) = await create.ValidateAsync(input, ct);
        Organisation = organisation;
        if (errors.Any)
        {
            Step = Stage.Form;
            AddErrors(Core.Common.Outcome<bool>.Invalid(errors));
            return Page();
        }

        var code = AccessCodes.New();
        AccessCode = code.Display;
        Draft = Protector.Protect(JsonSerializer.Serialize(new DraftRequest(input, code.Display)), DraftLifetime);
        Step = Stage.Confirm;
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var draft = ReadDraft();
        if (draft is null)
        {
            Step = Stage.Form;
            ModelState.AddModelError(string.Empty, L["Request.DraftExpired"]);
            return Page();
        }

        Crisis = draft.Input.Crisis;
        var code = AccessCodes.Parse(draft.Code)!;
        var lastGroup = draft.Code[^5..];
        var typed = Core.Security.SecretTokens.NormaliseTypedCode(CodeConfirmation ?? string.Empty);
        if (!string.Equals(typed, lastGroup, StringComparison.Ordinal))
        {
            AccessCode = draft.Code;
            Step = Stage.Confirm;
            ModelState.AddModelError(nameof(CodeConfirmation), L[RequestMessages.CodeConfirmationMismatch]);
            return Page();
        }

        var outcome = await create.CreateAsync(draft.Input, code, ct);
        if (outcome.Status == Core.Common.OutcomeStatus.Throttled)
        {
            // The service is flooded: nothing was saved; the same code and draft stay on the page to try again.
            AccessCode = draft.Code;
            Step = Stage.Confirm;
            Saturated = true;
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            AddErrors(outcome);
            return Page();
        }

        if (!outcome.Succeeded)
        {
            // Only a code drawn twice at once can land here; a new code is then shown.
            Restore(draft.Input);
            return await OnPostPrepareAsync(ct);
        }

        Step = Stage.Sent;
        return Page();
    }

    private NewRequest ToInput() => new(
        Pseudonym,
        Themes,
        Collective,
        Collective ? Participants : 1,
        Codes.Parse<Core.Requests.Modality>(Modality),
        LongInterviewAvailable,
        OrganisationCode,
        Department,
        JobFamily,
        Message,
        Crisis);

    private void Restore(NewRequest input)
    {
        Pseudonym = input.Pseudonym;
        Themes = input.Themes?.ToList() ?? [];
        Collective = input.Collective;
        Participants = input.Participants;
        Modality = input.Modality is { } m ? Codes.Of(m) : null;
        LongInterviewAvailable = input.LongInterviewAvailable;
        OrganisationCode = input.OrganisationCode;
        Department = input.Department;
        JobFamily = input.JobFamily;
        Message = input.Message;
        Crisis = input.Crisis;
    }

    private DraftRequest? ReadDraft()
    {
        if (string.IsNullOrEmpty(Draft))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<DraftRequest>(Protector.Unprotect(Draft));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private async Task LoadOrganisationAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(OrganisationCode) || OrganisationCode.Length > 32)
        {
            return;
        }

        var code = Tandem.Core.Security.SecretTokens.NormaliseTypedCode(OrganisationCode);
        Organisation = await db.Organisations.AsNoTracking().Include(o => o.Units).FirstOrDefaultAsync(o => o.Code == code, ct);
    }

    /// <summary>What travels, encrypted and signed, between "continue" and "send": the form and the code.</summary>
    private sealed record DraftRequest(NewRequest Input, string Code);
}
