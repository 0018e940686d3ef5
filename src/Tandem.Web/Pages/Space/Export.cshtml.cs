using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Tandem.Core.Requests;
using Tandem.Web.Api;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Space;

/// <summary>The download of everything the space holds, the same JSON as the API's export.</summary>
public sealed class ExportModel(BeneficiaryAccess access, Tandem.Core.Scheduling.Booking booking, Tandem.Core.Groups.GroupEnrolments groups, TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await RequestEndpoints.ExportAsync(BeneficiarySessions.Session(User), access, booking, groups, time, ct) is { } export
            ? File(JsonSerializer.SerializeToUtf8Bytes(export, json.Value.SerializerOptions), "application/json", RequestEndpoints.ExportFileName)
            : NotFound();
}
