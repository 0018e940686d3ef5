using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Core.Security;
using Tandem.Core.Staff;

namespace Tandem.Core.Data.Configurations;

internal sealed class StaffUserConfiguration : IEntityTypeConfiguration<StaffUser>
{
    public void Configure(EntityTypeBuilder<StaffUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(StaffAccounts.MaxNameLength);
        builder.Property(u => u.Role).HasMaxLength(32);
        builder.Property(u => u.TotpSecret).HasMaxLength(160);
        builder.HasIndex(u => u.Role);
        builder.HasOne<Organisations.Organisation>().WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class StaffRoleConfiguration : IEntityTypeConfiguration<IdentityRole<Guid>>
{
    // Fixed ids and stamps: the roles are part of the schema, created by the migrations.
    private static readonly (string Code, Guid Id)[] Seeded =
    [
        (Roles.Administrator, new Guid("7b0f0c52-6a54-4f5e-9a01-000000000001")),
        (Roles.Coordinator, new Guid("7b0f0c52-6a54-4f5e-9a01-000000000002")),
        (Roles.Practitioner, new Guid("7b0f0c52-6a54-4f5e-9a01-000000000003")),
        (Roles.OrganisationContact, new Guid("7b0f0c52-6a54-4f5e-9a01-000000000004")),
    ];

    public void Configure(EntityTypeBuilder<IdentityRole<Guid>> builder) =>
        builder.HasData(Seeded.Select(r => new IdentityRole<Guid>
        {
            Id = r.Id,
            Name = r.Code,
            NormalizedName = r.Code.ToUpperInvariant(),
            ConcurrencyStamp = r.Id.ToString(),
        }));
}

internal sealed class StaffLinkConfiguration : IEntityTypeConfiguration<StaffLink>
{
    public void Configure(EntityTypeBuilder<StaffLink> builder)
    {
        builder.ToTable("staff_links");
        builder.Property(l => l.TokenHash).HasMaxLength(64).IsFixedLength();
        builder.HasIndex(l => l.TokenHash).IsUnique();
        builder.Property(l => l.Email).HasMaxLength(StaffAccounts.MaxEmailLength);
        builder.Property(l => l.DisplayName).HasMaxLength(StaffAccounts.MaxNameLength);
        builder.Property(l => l.Role).HasMaxLength(32);
    }
}

internal sealed class StaffRecoveryCodeConfiguration : IEntityTypeConfiguration<StaffRecoveryCode>
{
    public void Configure(EntityTypeBuilder<StaffRecoveryCode> builder)
    {
        builder.ToTable("staff_recovery_codes");
        builder.Property(c => c.CodeHash).HasMaxLength(64).IsFixedLength();
        builder.HasIndex(c => new { c.UserId, c.CodeHash }).IsUnique();
        builder.HasOne<StaffUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StaffSessionConfiguration : IEntityTypeConfiguration<StaffSession>
{
    public void Configure(EntityTypeBuilder<StaffSession> builder)
    {
        builder.ToTable("staff_sessions");
        builder.Property(s => s.Device).HasMaxLength(StaffSessionRegistry.MaxDeviceLength);
        builder.Property(s => s.Stamp).HasMaxLength(256);
        builder.HasIndex(s => s.UserId);
        builder.HasOne<StaffUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// Identity's passkey table, as its version 3 schema maps it, added to the schema this context keeps
/// for everything else: a staff member's security keys (WebAuthn), their second factor.
/// </summary>
internal sealed class StaffPasskeyConfiguration : IEntityTypeConfiguration<IdentityUserPasskey<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserPasskey<Guid>> builder)
    {
        builder.HasKey(p => p.CredentialId);
        builder.ToTable("AspNetUserPasskeys");
        builder.Property(p => p.CredentialId).HasMaxLength(1024);
        builder.OwnsOne(p => p.Data).ToJson();
        builder.HasOne<StaffUser>().WithMany().HasForeignKey(p => p.UserId).IsRequired().OnDelete(DeleteBehavior.Cascade);
    }
}
