using Microsoft.Extensions.Localization;
using Tandem.Core.Common;
using Tandem.Core.Staff;

namespace Tandem.Web.Pages.Public;

/// <summary>An invitation: the invitee chooses a password; the second factor is enrolled at first sign-in.</summary>
public sealed class InvitationModel(Invitations invitations, IStringLocalizer<SharedResource> localizer) : LinkPasswordPageModel<PendingInvitation>(localizer)
{
    protected override string DoneMessageKey => "Invitation.Done";

    protected override Task<PendingInvitation?> FindAsync(string token, CancellationToken ct) => invitations.FindAsync(token, ct);

    protected override Task<Outcome<StaffUser>> CompleteAsync(string token, CancellationToken ct) =>
        invitations.AcceptAsync(token, Password, PasswordConfirmation, ct);
}
