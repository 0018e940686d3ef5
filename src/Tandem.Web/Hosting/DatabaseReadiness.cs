using Tandem.Core.Demo;

namespace Tandem.Web.Hosting;

/// <summary>
/// The start's database work: the master key checked, the migrations applied, the demo seeded
/// when asked. It begins as soon as the app is built (<see cref="Begin"/>) and runs while the rest
/// starts, since the services start together: on two cores, building EF Core's model and migrating
/// no longer wait for the request pipeline and the server to be put together, nor they for it
/// (issue 8, start-up). Until it is done, a request waits at the gate right after routing (nothing
/// before it reads the database) and the background jobs wait before their first run; if it fails,
/// <see cref="StartupTasks"/> stops the start with its error, as when it ran alone, and what waited
/// is answered 503.
/// </summary>
internal sealed class DatabaseReadiness
{
    private readonly Func<Task> _prepare;
    // Whoever waits resumes on a thread of its own once the work is done: inline, a request waiting at the gate
    // would resume only after what StartupTasks and the start's callbacks then do on the finishing thread (0.35 s).
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _begun;

    public DatabaseReadiness(IServiceProvider services, IConfiguration configuration, DataLocation data)
        : this(() => PrepareAsync(services, configuration, data))
    {
    }

    /// <param name="prepare">The work (the tests give their own).</param>
    internal DatabaseReadiness(Func<Task> prepare) => _prepare = prepare;

    /// <summary>Starts the work on the thread pool, once; every call returns the task that completes when it is done.</summary>
    public Task Begin()
    {
        if (Interlocked.Exchange(ref _begun, 1) == 0)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await _prepare();
                    _ready.SetResult();
                }
                catch (Exception ex)
                {
                    _ready.SetException(ex);
                }
            });
        }

        return _ready.Task;
    }

    /// <returns>True once the database is ready; false when the start's work failed (the start is being stopped).</returns>
    public ValueTask<bool> WaitAsync(CancellationToken ct)
    {
        var work = Begin();
        return work.IsCompletedSuccessfully ? ValueTask.FromResult(true) : WaitSlowlyAsync(work, ct);
    }

    private static async ValueTask<bool> WaitSlowlyAsync(Task work, CancellationToken ct)
    {
        try
        {
            await work.WaitAsync(ct);
            return true;
        }
        catch (Exception) when (work.IsFaulted || work.IsCanceled)
        {
            return false;
        }
    }

    /// <summary>The gate placed right after routing: a request that arrives during the start waits there for the database.</summary>
    public RequestDelegate Gate(RequestDelegate next) => async context =>
    {
        if (await WaitAsync(context.RequestAborted))
        {
            await next(context);
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        }
    };

    private static async Task PrepareAsync(IServiceProvider services, IConfiguration configuration, DataLocation data)
    {
        // Fail at start, not at the first request, when the master key is missing or malformed.
        _ = services.GetRequiredService<Tandem.Core.Security.Encryption.MasterKeys>();
        await DatabaseHosting.MigrateAsync(services);
        if (!configuration.GetValue<bool>(StartupFlags.SeedDemoKey))
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        var seeded = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(data.Directory, CancellationToken.None)
            ?? throw new StartupRefusedException("--seed-demo refuses to run: the database already holds accounts. Use an empty data directory or database.");
        Console.WriteLine($"Demo data created: {seeded.Count} accounts written to {Path.Combine(data.Directory, DemoSeeder.AccountsFileName)}");
    }
}
