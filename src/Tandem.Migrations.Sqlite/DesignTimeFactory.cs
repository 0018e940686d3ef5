using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Tandem.Core.Data;

namespace Tandem.Migrations.Sqlite;

/// <summary>Used only by <c>dotnet ef</c> to generate this provider's migrations and compiled model, from the configurations.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<TandemDbContext>
{
    public TandemDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<TandemDbContext>();
        TandemDatabase.Configure(options, DatabaseProvider.Sqlite, "Data Source=design-time.db", compiledModel: false);
        return new TandemDbContext(options.Options);
    }
}
