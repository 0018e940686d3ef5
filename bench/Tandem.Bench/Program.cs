using BenchmarkDotNet.Running;
using Tandem.Bench;

// bench/run.sh runs it all; the verbs can also be run one by one:
//   generate --provider postgres --connection "..." --scale reference --manifest PATH --master-key-file PATH
//   load --app Tandem.Web.dll --connection "..." --master-key-file PATH --manifest PATH --out PATH [--seconds 20] [--soak-minutes 10]
//   startup --app Tandem.Web.dll --out PATH
//   report --manifest PATH --load PATH --startup PATH --benchmarks DIR --out docs/performance.md --command "..." 
//   anything else: BenchmarkDotNet (--filter '*').
return args.FirstOrDefault() switch
{
    "generate" => await GenerateCommand.RunAsync(Arguments.Parse(args.Skip(1))),
    "load" => await Tandem.Bench.Load.LoadCommand.RunAsync(Arguments.Parse(args.Skip(1))),
    "startup" => await Tandem.Bench.Load.StartupCommand.RunAsync(Arguments.Parse(args.Skip(1))),
    "report" => await ReportCommand.RunAsync(Arguments.Parse(args.Skip(1))),
    _ => Benchmarks(args),
};

static int Benchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}

/// <summary>Entry point: <c>dotnet run -c Release --project bench/Tandem.Bench -- --filter '*'</c>.</summary>
public partial class Program;
