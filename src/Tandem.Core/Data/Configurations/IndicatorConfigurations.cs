using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Core.Hotline;
using Tandem.Core.Indicators;
using Tandem.Core.Organisations;
using Tandem.Core.Practitioners;

namespace Tandem.Core.Data.Configurations;

internal sealed class HotlineCallConfiguration : IEntityTypeConfiguration<HotlineCall>
{
    public void Configure(EntityTypeBuilder<HotlineCall> builder)
    {
        builder.ToTable("hotline_calls");
        builder.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Themes).WithOne().HasForeignKey(t => t.CallId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.OrganisationId, c.LoggedAt });
    }
}

internal sealed class HotlineCallThemeConfiguration : IEntityTypeConfiguration<HotlineCallTheme>
{
    public void Configure(EntityTypeBuilder<HotlineCallTheme> builder)
    {
        builder.ToTable("hotline_call_themes");
        builder.HasKey(t => new { t.CallId, t.Code });
        builder.Property(t => t.Code).HasMaxLength(32);
    }
}

internal sealed class HotlineShiftConfiguration : IEntityTypeConfiguration<HotlineShift>
{
    public void Configure(EntityTypeBuilder<HotlineShift> builder)
    {
        builder.ToTable("hotline_shifts");
        builder.HasOne<PractitionerProfile>().WithMany().HasForeignKey(s => s.PractitionerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.Start);
    }
}

internal sealed class IndicatorSnapshotConfiguration : IEntityTypeConfiguration<IndicatorSnapshot>
{
    public void Configure(EntityTypeBuilder<IndicatorSnapshot> builder)
    {
        builder.ToTable("indicator_snapshots");

        // One frozen report per organisation and period, whatever the number of instances asking at once.
        builder.HasKey(s => new { s.OrganisationId, s.Period });
        builder.Property(s => s.Period).HasMaxLength(16);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IndicatorMonthConfiguration : IEntityTypeConfiguration<IndicatorMonth>
{
    public void Configure(EntityTypeBuilder<IndicatorMonth> builder)
    {
        builder.ToTable("indicator_months");

        // One count per organisation and month, whatever the number of instances counting at once.
        builder.HasKey(m => new { m.OrganisationId, m.Month });
        builder.Property(m => m.Month).HasMaxLength(7);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}
