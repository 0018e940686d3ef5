using Microsoft.AspNetCore.Authorization;
using Tandem.Core.Security;

namespace Tandem.Web.Authorization;

/// <summary>
/// The named policies every page folder and endpoint group declares. A reflection test
/// fails any endpoint that names none and is not explicitly anonymous.
/// </summary>
public static class Policies
{
    public const string Staff = "staff";

    /// <summary>The provider's own people (administrators, coordination, practitioners): not the organisations' contacts.</summary>
    public const string Provider = "provider";
    public const string Administrator = "administrator";
    public const string Coordinator = "coordinator";
    public const string Practitioner = "practitioner";
    public const string OrganisationContact = "organisation_contact";
    public const string Beneficiary = "beneficiary";
    public const string CoordinatorOrBeneficiary = "coordinator_or_beneficiary";
    public const string CoordinatorOrAdministrator = "coordinator_or_administrator";

    public static void Register(AuthorizationOptions options)
    {
        options.AddPolicy(Staff, p => p.RequireAuthenticatedUser().RequireRole(Roles.All));
        options.AddPolicy(Provider, p => p.RequireAuthenticatedUser().RequireRole(Roles.Administrator, Roles.Coordinator, Roles.Practitioner));
        options.AddPolicy(Administrator, p => p.RequireAuthenticatedUser().RequireRole(Roles.Administrator));
        options.AddPolicy(Coordinator, p => p.RequireAuthenticatedUser().RequireRole(Roles.Coordinator));
        options.AddPolicy(CoordinatorOrAdministrator, p => p.RequireAuthenticatedUser().RequireRole(Roles.Coordinator, Roles.Administrator));
        options.AddPolicy(Practitioner, p => p.RequireAuthenticatedUser().RequireRole(Roles.Practitioner));
        options.AddPolicy(OrganisationContact, p => p.RequireAuthenticatedUser().RequireRole(Roles.OrganisationContact));
        options.AddPolicy(Beneficiary, p => p.RequireAuthenticatedUser().RequireClaim(AuthSchemes.SpaceClaim));
        options.AddPolicy(CoordinatorOrBeneficiary, p => p.RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.IsInRole(Roles.Coordinator) || c.User.HasClaim(x => x.Type == AuthSchemes.SpaceClaim)));

        // Anything that forgot to declare a policy is closed, not open.
        options.FallbackPolicy = options.GetPolicy(Staff);
    }
}
