using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Tandem.Core.Data;

namespace Tandem.Migrations.Postgres;

/// <summary>Used only by <c>dotnet ef</c> to generate this provider's migrations and compiled model, from the configurations; it never connects.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<TandemDbContext>
{
    public TandemDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<TandemDbContext>();
        TandemDatabase.Configure(options, DatabaseProvider.Postgres, "Host=127.0.0.1;Database=tandem_design;Username=postgres", compiledModel: false);
        return new TandemDbContext(options.Options);
    }
}
