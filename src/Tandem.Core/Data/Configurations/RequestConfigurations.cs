using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Tandem.Core.Organisations;
using Tandem.Core.Requests;
using Tandem.Core.Security.Encryption;

namespace Tandem.Core.Data.Configurations;

/// <summary>Sealed text is stored as its bytes; only <see cref="EnvelopeCrypto"/> turns it back into text.</summary>
internal sealed class SealedTextConverter() : ValueConverter<SealedText, byte[]>(s => s.Bytes, b => new SealedText(b));

internal sealed class DataKeyConfiguration : IEntityTypeConfiguration<DataKey>
{
    public void Configure(EntityTypeBuilder<DataKey> builder)
    {
        builder.ToTable("data_keys");
        builder.Property(k => k.MasterKeyId).HasMaxLength(16);
        builder.Property(k => k.Wrapped).HasMaxLength(128);
    }
}

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        builder.ToTable("organisations");
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.Property(o => o.Code).HasMaxLength(32);
        builder.HasIndex(o => o.Code).IsUnique();
        builder.HasMany(o => o.Units).WithOne().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(o => o.Onboarding).WithOne().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(o => o.Prices).HasMaxLength(1000);
    }
}

internal sealed class OnboardingStepConfiguration : IEntityTypeConfiguration<OnboardingStep>
{
    public void Configure(EntityTypeBuilder<OnboardingStep> builder)
    {
        builder.ToTable("onboarding_steps");
        builder.Property(s => s.Attendees).HasMaxLength(500);
        builder.Property(s => s.Note).HasMaxLength(2000);
        builder.Property(s => s.Tables).HasMaxLength(200);
        builder.HasIndex(s => new { s.OrganisationId, s.Date });
    }
}

internal sealed class OrganisationUnitConfiguration : IEntityTypeConfiguration<OrganisationUnit>
{
    public void Configure(EntityTypeBuilder<OrganisationUnit> builder)
    {
        builder.ToTable("organisation_units");
        builder.Property(u => u.Name).HasMaxLength(120);
        builder.HasIndex(u => new { u.OrganisationId, u.Kind, u.Position });
    }
}

internal sealed class BeneficiarySpaceConfiguration : IEntityTypeConfiguration<BeneficiarySpace>
{
    public void Configure(EntityTypeBuilder<BeneficiarySpace> builder)
    {
        builder.ToTable("beneficiary_spaces");
        builder.Property(s => s.CodeLookup).HasMaxLength(8);
        builder.HasIndex(s => s.CodeLookup).IsUnique();
        builder.Property(s => s.CodeHash).HasMaxLength(64);
        builder.Property(s => s.CodeSalt).HasMaxLength(32);
        builder.Property(s => s.Pseudonym).HasConversion<SealedTextConverter>();
        builder.Property(s => s.Contact).HasConversion<SealedTextConverter>();
        builder.HasOne(s => s.DataKey).WithMany().HasForeignKey(s => s.DataKeyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Requests).WithOne(r => r.Space).HasForeignKey(r => r.SpaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SupportRequestConfiguration : IEntityTypeConfiguration<SupportRequest>
{
    public void Configure(EntityTypeBuilder<SupportRequest> builder)
    {
        builder.ToTable("requests");
        builder.Property(r => r.Message).HasConversion<SealedTextConverter>();
        builder.Property(r => r.OutcomeText).HasConversion<SealedTextConverter>();
        builder.Property(r => r.SignpostedTo).HasMaxLength(32);
        builder.HasOne(r => r.DataKey).WithMany().HasForeignKey(r => r.DataKeyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<OrganisationUnit>().WithMany().HasForeignKey(r => r.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<OrganisationUnit>().WithMany().HasForeignKey(r => r.JobFamilyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Themes).WithOne().HasForeignKey(t => t.RequestId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Messages).WithOne().HasForeignKey(m => m.RequestId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.Status, r.Urgent, r.CreatedAt });
        // An organisation's requests of a period (indicators).
        builder.HasIndex(r => new { r.OrganisationId, r.CreatedAt });
        // The last hour's requests, for the global cap on anonymous creation.
        builder.HasIndex(r => r.CreatedAt);
    }
}

internal sealed class RequestThemeConfiguration : IEntityTypeConfiguration<RequestTheme>
{
    public void Configure(EntityTypeBuilder<RequestTheme> builder)
    {
        builder.ToTable("request_themes");
        builder.HasKey(t => new { t.RequestId, t.Code });
        builder.Property(t => t.Code).HasMaxLength(32);
    }
}

internal sealed class RequestMessageConfiguration : IEntityTypeConfiguration<RequestMessage>
{
    public void Configure(EntityTypeBuilder<RequestMessage> builder)
    {
        builder.ToTable("request_messages");
        builder.Property(m => m.Body).HasConversion<SealedTextConverter>();
        builder.HasIndex(m => new { m.RequestId, m.SentAt });
    }
}

internal sealed class PractitionerProfileConfiguration : IEntityTypeConfiguration<Practitioners.PractitionerProfile>
{
    public void Configure(EntityTypeBuilder<Practitioners.PractitionerProfile> builder)
    {
        builder.ToTable("practitioner_profiles");
        builder.Property(p => p.PublicName).HasMaxLength(Staff.StaffAccounts.MaxNameLength);
        builder.Property(p => p.Languages).HasMaxLength(64);
        builder.Property(p => p.Presentation).HasMaxLength(Practitioners.PractitionerProfiles.MaxPresentationLength);
        builder.Property(p => p.Places).HasMaxLength(Practitioners.PractitionerProfiles.MaxPlacesLength);
        builder.HasIndex(p => p.UserId).IsUnique();
        builder.Property(p => p.CalendarFeedHash).HasMaxLength(64);
        builder.HasIndex(p => p.CalendarFeedHash).IsUnique();
        builder.HasOne<Staff.StaffUser>().WithOne().HasForeignKey<Practitioners.PractitionerProfile>(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Disciplines).WithOne().HasForeignKey(d => d.PractitionerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PractitionerDisciplineConfiguration : IEntityTypeConfiguration<Practitioners.PractitionerDiscipline>
{
    public void Configure(EntityTypeBuilder<Practitioners.PractitionerDiscipline> builder)
    {
        builder.ToTable("practitioner_disciplines");
        builder.HasKey(d => new { d.PractitionerId, d.Code });
        builder.Property(d => d.Code).HasMaxLength(32);
    }
}
