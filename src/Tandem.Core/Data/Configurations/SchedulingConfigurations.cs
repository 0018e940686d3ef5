using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Core.Organisations;
using Tandem.Core.Practitioners;
using Tandem.Core.Requests;
using Tandem.Core.Scheduling;

namespace Tandem.Core.Data.Configurations;

internal sealed class AvailabilityWindowConfiguration : IEntityTypeConfiguration<AvailabilityWindow>
{
    public void Configure(EntityTypeBuilder<AvailabilityWindow> builder)
    {
        builder.ToTable("availability_windows");
        builder.Property(w => w.Place).HasMaxLength(AvailabilityEditor.MaxPlaceLength);
        builder.Property(w => w.Access).HasMaxLength(AvailabilityEditor.MaxAccessLength);
        builder.HasOne<PractitionerProfile>().WithMany().HasForeignKey(w => w.PractitionerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(w => new { w.PractitionerId, w.Day });
    }
}

internal sealed class AvailabilityOpeningConfiguration : IEntityTypeConfiguration<AvailabilityOpening>
{
    public void Configure(EntityTypeBuilder<AvailabilityOpening> builder)
    {
        builder.ToTable("availability_openings");
        builder.HasOne<PractitionerProfile>().WithMany().HasForeignKey(o => o.PractitionerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(o => new { o.PractitionerId, o.Date });
    }
}

internal sealed class PractitionerLeaveConfiguration : IEntityTypeConfiguration<PractitionerLeave>
{
    public void Configure(EntityTypeBuilder<PractitionerLeave> builder)
    {
        builder.ToTable("practitioner_leaves");
        builder.HasOne<PractitionerProfile>().WithMany().HasForeignKey(l => l.PractitionerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => new { l.PractitionerId, l.Start });
    }
}

internal sealed class PriorLinkConfiguration : IEntityTypeConfiguration<PriorLink>
{
    public void Configure(EntityTypeBuilder<PriorLink> builder)
    {
        builder.ToTable("prior_links");
        builder.HasOne<PractitionerProfile>().WithMany().HasForeignKey(l => l.PractitionerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(l => l.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<OrganisationUnit>().WithMany().HasForeignKey(l => l.DepartmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => new { l.PractitionerId, l.OrganisationId, l.DepartmentId }).IsUnique();
    }
}

internal sealed class SuitedPairConfiguration : IEntityTypeConfiguration<SuitedPair>
{
    // The starting table (issue 4): who suits which theme, as an administrator would set it up.
    private static readonly (string Theme, string A, string B)[] Seed =
    [
        (Themes.Harassment, Disciplines.ClinicalPsychologist, Disciplines.LabourLawyer),
        (Themes.Harassment, Disciplines.WorkPsychologist, Disciplines.LabourLawyer),
        (Themes.Discrimination, Disciplines.WorkPsychologist, Disciplines.LabourLawyer),
        (Themes.Violence, Disciplines.ClinicalPsychologist, Disciplines.OccupationalPhysician),
        (Themes.SocialDifficulty, Disciplines.SocialWorker, Disciplines.ClinicalPsychologist),
        (Themes.SocialDifficulty, Disciplines.SocialWorker, Disciplines.WorkPsychologist),
        (Themes.Burnout, Disciplines.OccupationalPhysician, Disciplines.ClinicalPsychologist),
        (Themes.Burnout, Disciplines.OccupationalPhysician, Disciplines.WorkPsychologist),
        (Themes.Stress, Disciplines.WorkPsychologist, Disciplines.OccupationalPhysician),
        (Themes.LossOfMeaning, Disciplines.WorkPsychologist, Disciplines.CareerCounsellor),
        (Themes.LossOfMeaning, Disciplines.ClinicalPsychologist, Disciplines.CareerCounsellor),
        (Themes.JobInsecurity, Disciplines.CareerCounsellor, Disciplines.LabourLawyer),
        (Themes.JobInsecurity, Disciplines.SocialWorker, Disciplines.CareerCounsellor),
        (Themes.Conflict, Disciplines.WorkPsychologist, Disciplines.Coach),
        (Themes.OrganisationalChange, Disciplines.WorkPsychologist, Disciplines.Coach),
        (Themes.Isolation, Disciplines.ClinicalPsychologist, Disciplines.SocialWorker),
    ];

    public void Configure(EntityTypeBuilder<SuitedPair> builder)
    {
        builder.ToTable("suited_pairs");
        builder.Property(p => p.Theme).HasMaxLength(32);
        builder.Property(p => p.DisciplineA).HasMaxLength(32);
        builder.Property(p => p.DisciplineB).HasMaxLength(32);
        builder.HasIndex(p => new { p.Theme, p.DisciplineA, p.DisciplineB }).IsUnique();
        builder.HasData(Seed.Select((s, i) => new SuitedPair { Id = i + 1, Theme = s.Theme, DisciplineA = s.A, DisciplineB = s.B }));
    }
}

internal sealed class AppointmentConfiguration : IEntityTypeConfiguration<Appointment>
{
    public void Configure(EntityTypeBuilder<Appointment> builder)
    {
        builder.ToTable("appointments");
        builder.Property(a => a.IdempotencyKey).HasMaxLength(160).IsRequired();
        builder.Property(a => a.Place).HasMaxLength(AvailabilityEditor.MaxPlaceLength);
        builder.Property(a => a.Access).HasMaxLength(AvailabilityEditor.MaxAccessLength);
        builder.Property(a => a.VideoRoom).HasMaxLength(64);
        builder.Property(a => a.CallbackNumber).HasConversion<SealedTextConverter>();
        builder.HasIndex(a => a.IdempotencyKey).IsUnique();
        builder.HasOne<SupportRequest>().WithMany().HasForeignKey(a => a.RequestId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<PractitionerProfile>().WithMany().HasForeignKey(a => a.FirstPractitionerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PractitionerProfile>().WithMany().HasForeignKey(a => a.SecondPractitionerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(a => a.Bookings).WithOne().HasForeignKey(c => c.AppointmentId).OnDelete(DeleteBehavior.Cascade);
        // One active first interview and one active second interview per request, even under concurrent bookings.
        builder.HasIndex(a => new { a.RequestId, a.Kind }).IsUnique().HasFilter("\"CancelledAt\" IS NULL");
        // A request's appointments, cancelled ones included (the filtered index above cannot serve that).
        builder.HasIndex(a => a.RequestId);
        builder.HasIndex(a => a.Start);
    }
}

internal sealed class PractitionerBookingConfiguration : IEntityTypeConfiguration<PractitionerBooking>
{
    /// <summary>The name of PostgreSQL's exclusion constraint, added by hand in the migration (EF cannot model it).</summary>
    public const string NoOverlapConstraint = "practitioner_bookings_no_overlap";

    public void Configure(EntityTypeBuilder<PractitionerBooking> builder)
    {
        builder.ToTable("practitioner_bookings");
        builder.HasKey(b => new { b.AppointmentId, b.PractitionerId });
        builder.HasIndex(b => new { b.PractitionerId, b.Start });
    }
}

internal sealed class ExcludedPairConfiguration : IEntityTypeConfiguration<ExcludedPair>
{
    public void Configure(EntityTypeBuilder<ExcludedPair> builder)
    {
        builder.ToTable("excluded_pairs");
        builder.HasKey(p => new { p.RequestId, p.PractitionerA, p.PractitionerB });
        builder.HasOne<SupportRequest>().WithMany().HasForeignKey(p => p.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}
