using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Core.Organisations;
using Tandem.Core.Practitioners;
using Tandem.Core.Programmes;

namespace Tandem.Core.Data.Configurations;

internal sealed class TeamProgrammeConfiguration : IEntityTypeConfiguration<TeamProgramme>
{
    public void Configure(EntityTypeBuilder<TeamProgramme> builder)
    {
        builder.ToTable("team_programmes");
        builder.Property(p => p.Number).HasMaxLength(32);
        builder.HasIndex(p => p.Number).IsUnique();
        builder.Property(p => p.HourlyRate).HasPrecision(10, 2);
        builder.Property(p => p.Plan).HasConversion<SealedTextConverter>();
        builder.HasOne<Organisation>().WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<PractitionerProfile>().WithMany().HasForeignKey(p => p.FacilitatorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(p => p.DataKey).WithMany().HasForeignKey(p => p.DataKeyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(p => p.Participants).WithOne().HasForeignKey(x => x.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Sessions).WithOne().HasForeignKey(x => x.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.OrganisationId);
    }
}

internal sealed class ProgrammeParticipantConfiguration : IEntityTypeConfiguration<ProgrammeParticipant>
{
    public void Configure(EntityTypeBuilder<ProgrammeParticipant> builder)
    {
        builder.ToTable("programme_participants");
        builder.Property(p => p.Name).HasMaxLength(TeamProgrammes.MaxParticipantNameLength);
        builder.Property(p => p.RulesToken).HasMaxLength(64);
        builder.HasIndex(p => p.RulesToken).IsUnique();
    }
}

internal sealed class ProgrammeSessionConfiguration : IEntityTypeConfiguration<ProgrammeSession>
{
    public void Configure(EntityTypeBuilder<ProgrammeSession> builder)
    {
        builder.ToTable("programme_sessions");
        builder.Property(s => s.Synthesis).HasConversion<SealedTextConverter>();
        builder.HasMany(s => s.Attendance).WithOne().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.ProgrammeId, s.Start });
        builder.HasIndex(s => new { s.State, s.Start });
    }
}

internal sealed class ProgrammeAttendanceConfiguration : IEntityTypeConfiguration<ProgrammeAttendance>
{
    public void Configure(EntityTypeBuilder<ProgrammeAttendance> builder)
    {
        builder.ToTable("programme_attendances");
        builder.HasKey(a => new { a.SessionId, a.ParticipantId });
        builder.HasOne<ProgrammeParticipant>().WithMany().HasForeignKey(a => a.ParticipantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DocumentCounterConfiguration : IEntityTypeConfiguration<DocumentCounter>
{
    public void Configure(EntityTypeBuilder<DocumentCounter> builder)
    {
        builder.ToTable("document_counters");
        builder.HasKey(c => new { c.Series, c.Year });
        builder.Property(c => c.Series).HasMaxLength(8);
    }
}

internal sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> builder)
    {
        builder.ToTable("invoices");
        builder.Property(i => i.Number).HasMaxLength(32);
        builder.HasIndex(i => i.Number).IsUnique();
        builder.Property(i => i.Month).HasMaxLength(7);
        builder.Property(i => i.SellerName).HasMaxLength(300);
        builder.Property(i => i.SellerAddress).HasMaxLength(500);
        builder.Property(i => i.SellerSiret).HasMaxLength(32);
        builder.Property(i => i.SellerVatNumber).HasMaxLength(32);
        builder.Property(i => i.BuyerName).HasMaxLength(300);
        builder.Property(i => i.BuyerAddress).HasMaxLength(500);
        foreach (var amount in new[] { nameof(Invoice.TotalExcludingVat), nameof(Invoice.Vat), nameof(Invoice.TotalIncludingVat) })
        {
            builder.Property<decimal>(amount).HasPrecision(12, 2);
        }

        builder.Property(i => i.VatRate).HasPrecision(5, 2);

        // Invoices are kept whatever happens to the organisation: a legal record (restrict, never cascade).
        builder.HasOne<Organisation>().WithMany().HasForeignKey(i => i.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(i => i.Lines).WithOne().HasForeignKey(l => l.InvoiceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => new { i.OrganisationId, i.Month });
    }
}

internal sealed class InvoiceLineConfiguration : IEntityTypeConfiguration<InvoiceLine>
{
    public void Configure(EntityTypeBuilder<InvoiceLine> builder)
    {
        builder.ToTable("invoice_lines");
        builder.Property(l => l.Hours).HasPrecision(8, 2);
        builder.Property(l => l.UnitPrice).HasPrecision(10, 2);
        builder.Property(l => l.Amount).HasPrecision(12, 2);

        // A session is invoiced once: two invoices issued at the same moment cannot both take it.
        builder.HasIndex(l => l.SessionId).IsUnique();
    }
}
