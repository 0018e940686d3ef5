using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Requests;
using Tandem.Core.Security;
using Tandem.Core.Security.Audit;

namespace Tandem.Core.Practitioners;

public sealed record ProfileInput(
    string? PublicName,
    IReadOnlyList<string>? Disciplines,
    IReadOnlyList<string>? Languages,
    string? Presentation,
    string? Places,
    IReadOnlyList<Modality>? Modalities);

public sealed record ProfileView(
    Guid Id,
    Guid UserId,
    string Name,
    IReadOnlyList<string> Disciplines,
    IReadOnlyList<string> Languages,
    string? Presentation,
    string? Places,
    IReadOnlyList<Modality> Modalities);

/// <summary>Reads and saves practitioners' public profiles; only active practitioners are shown.</summary>
public sealed class PractitionerProfiles(TandemDbContext db, AuditTrail audit, IClock clock)
{
    public const int MaxPresentationLength = 1000;
    public const int MaxPlacesLength = 500;

    public async Task<IReadOnlyList<ProfileView>> PublicListAsync(CancellationToken ct = default)
    {
        var activeIds = db.Users.Where(u => u.Role == Roles.Practitioner && u.DeactivatedAt == null).Select(u => u.Id);
        var profiles = await db.PractitionerProfiles.AsNoTracking().Include(p => p.Disciplines)
            .Where(p => activeIds.Contains(p.UserId))
            .OrderBy(p => p.PublicName)
            .ToListAsync(ct);
        return profiles.Select(View).ToList();
    }

    public async Task<ProfileView?> FindByUserAsync(Guid userId, CancellationToken ct = default) =>
        await db.PractitionerProfiles.AsNoTracking().Include(p => p.Disciplines).FirstOrDefaultAsync(p => p.UserId == userId, ct) is { } p ? View(p) : null;

    public async Task<ProfileView?> FindAsync(Guid profileId, CancellationToken ct = default) =>
        await db.PractitionerProfiles.AsNoTracking().Include(p => p.Disciplines).FirstOrDefaultAsync(p => p.Id == profileId, ct) is { } p ? View(p) : null;

    /// <summary>Creates or replaces the profile of a practitioner account.</summary>
    public async Task<Outcome<ProfileView>> SaveAsync(Guid actorId, Guid userId, ProfileInput input, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId && u.Role == Roles.Practitioner, ct);
        if (user is null)
        {
            return Outcome<ProfileView>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var errors = Validate(input);
        if (errors.Any)
        {
            return Outcome<ProfileView>.Invalid(errors);
        }

        var profile = await db.PractitionerProfiles.Include(p => p.Disciplines).FirstOrDefaultAsync(p => p.UserId == userId, ct);
        if (profile is null)
        {
            profile = new PractitionerProfile { Id = Guid.NewGuid(), UserId = userId, PublicName = string.Empty };
            db.PractitionerProfiles.Add(profile);
        }

        profile.PublicName = input.PublicName!.Trim();
        profile.Disciplines.Clear();
        profile.Disciplines.AddRange(input.Disciplines!.Distinct(StringComparer.Ordinal).Select(d => new PractitionerDiscipline { PractitionerId = profile.Id, Code = d }));
        profile.Languages = string.Join(',', (input.Languages is { Count: > 0 } l ? l : ["fr"]).Select(x => x.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal));
        profile.Presentation = string.IsNullOrWhiteSpace(input.Presentation) ? null : input.Presentation.Trim();
        profile.Places = string.IsNullOrWhiteSpace(input.Places) ? null : input.Places.Trim();
        var modalities = input.Modalities!;
        profile.OffersInPerson = modalities.Contains(Modality.InPerson);
        profile.OffersPhone = modalities.Contains(Modality.Phone);
        profile.OffersVideo = modalities.Contains(Modality.Video);
        profile.UpdatedAt = clock.GetCurrentInstant();
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(AuditTrail.Staff(actorId), "practitioner.profile_saved", profile.Id.ToString(), null, ct);
        return Outcome<ProfileView>.Ok(View(profile));
    }

    private static FieldErrors Validate(ProfileInput input)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(input.PublicName))
        {
            errors.Add("publicName", Messages.Required);
        }
        else if (input.PublicName.Trim().Length > Staff.StaffAccounts.MaxNameLength)
        {
            errors.Add("publicName", Messages.TooLong);
        }

        if (input.Disciplines is null || input.Disciplines.Count == 0)
        {
            errors.Add("disciplines", PractitionerMessages.DisciplineRequired);
        }
        else if (input.Disciplines.Any(d => !Disciplines.IsKnown(d)))
        {
            errors.Add("disciplines", PractitionerMessages.DisciplineUnknown);
        }

        if (input.Languages is { } languages && languages.Any(l => l.Trim().Length != 2 || !l.Trim().All(char.IsAsciiLetter)))
        {
            errors.Add("languages", PractitionerMessages.LanguageInvalid);
        }

        if (input.Modalities is null || input.Modalities.Count == 0 || input.Modalities.Any(m => !Enum.IsDefined(m)))
        {
            errors.Add("modalities", PractitionerMessages.ModalityRequired);
        }

        errors.AddIf(input.Presentation is { Length: > MaxPresentationLength }, "presentation", Messages.TooLong);
        errors.AddIf(input.Places is { Length: > MaxPlacesLength }, "places", Messages.TooLong);
        return errors;
    }

    private static ProfileView View(PractitionerProfile p)
    {
        var modalities = new List<Modality>();
        if (p.OffersInPerson)
        {
            modalities.Add(Modality.InPerson);
        }

        if (p.OffersPhone)
        {
            modalities.Add(Modality.Phone);
        }

        if (p.OffersVideo)
        {
            modalities.Add(Modality.Video);
        }

        return new ProfileView(
            p.Id,
            p.UserId,
            p.PublicName,
            p.Disciplines.Select(d => d.Code).OrderBy(c => Disciplines.All.ToList().IndexOf(c)).ToList(),
            p.Languages.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList(),
            p.Presentation,
            p.Places,
            modalities);
    }
}

public static class PractitionerMessages
{
    public const string DisciplineRequired = "Error.DisciplineRequired";
    public const string DisciplineUnknown = "Error.DisciplineUnknown";
    public const string LanguageInvalid = "Error.LanguageInvalid";
    public const string ModalityRequired = "Error.PractitionerModalityRequired";
}
