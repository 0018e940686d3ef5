using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SealTotpSecrets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
