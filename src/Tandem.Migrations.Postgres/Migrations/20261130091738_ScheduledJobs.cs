using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Tandem.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ScheduledJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "scheduled_jobs",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    NextRunAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    LastRunAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_scheduled_jobs", x => x.Name);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "scheduled_jobs");
        }
    }
}
