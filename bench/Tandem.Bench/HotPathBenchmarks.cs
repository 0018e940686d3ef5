using BenchmarkDotNet.Attributes;
using NodaTime;
using Tandem.Core.Indicators;
using Tandem.Core.Requests;
using Tandem.Core.Security.Encryption;

namespace Tandem.Bench;

/// <summary>
/// Hot paths of issue 8 that need no database: sealing and opening a case note under its data key,
/// verifying an access code (Argon2id, deliberately slow), and disclosure control of the largest
/// organisation's year (40 departments, every table).
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private const string Purpose = "case.note:3f2b1c9e-0000-4000-8000-000000000001";

    private readonly EnvelopeCrypto _crypto = new(new MasterKeys([MasterKeys.Generate()]), SystemClock.Instance);
    private readonly string _note = string.Concat(Enumerable.Repeat("Elle décrit des réunions où son responsable la reprend devant l'équipe. ", 30));
    private DataKey _key = null!;
    private SealedText _sealed = null!;
    private AccessCode _code = null!;
    private byte[] _hash = [];
    private byte[] _salt = [];
    private List<RawTable> _year = [];

    [GlobalSetup]
    public void Setup()
    {
        _key = _crypto.NewDataKey();
        _sealed = _crypto.Seal(_key, _note, Purpose);
        _code = AccessCodes.New();
        (_hash, _salt) = AccessCodes.HashAsync(_code).GetAwaiter().GetResult();

        // The largest organisation's year: 40 departments, 12 months, 16 themes, 6 risk factors, with small and empty cells.
        var random = new Random(42);
        RawTable Table(string dimension, string measure, int rows, bool additive)
        {
            var cells = Enumerable.Range(0, rows).Select(i => new RawCell($"{measure}|{dimension}|{i}", $"{dimension} {i}", random.Next(0, 4) == 0 ? random.Next(0, 5) : random.Next(5, 400))).ToList();
            return new RawTable(dimension, measure, cells, cells.Sum(c => c.Count), additive);
        }

        foreach (var measure in new[] { "requests", "calls", "first_interviews", "second_interviews", "attendances" })
        {
            _year.Add(Table("period", measure, 12, true));
            _year.Add(Table("department", measure, 41, true));
            _year.Add(Table("job_family", measure, 8, true));
            _year.Add(Table("modality", measure, 3, true));
            _year.Add(Table("theme", measure, 16, false));
        }

        _year.Add(Table("risk_factor", "interviews", 6, false));
        _year.Add(Table("waiting_time", "first_interviews", 4, true));
        _year.Add(Table("wellbeing_change", "who5", 3, true));
    }

    [Benchmark]
    public SealedText SealNote() => _crypto.Seal(_key, _note, Purpose);

    [Benchmark]
    public string OpenNote() => _crypto.Open(_key, _sealed, Purpose);

    [Benchmark]
    public Task<bool> VerifyAccessCode() => AccessCodes.VerifyAsync(_code, _hash, _salt, AccessCodes.CurrentScheme);

    [Benchmark]
    public int DisclosureControlOfTheLargestYear() => DisclosureControl.Apply(_year, 5).Count;
}
