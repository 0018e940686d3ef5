using System.Linq.Expressions;
using Tandem.Core.Data;

namespace Tandem.Core.Tests;

public sealed class QueryPartsTests
{
    // A template as the schedules' queries are written: a source, the filter it calls, then its own parameters.
    private static readonly Expression<Func<int[], Func<int, bool>, int, int>> CountAbove = (source, among, above) =>
        source.Count(x => among(x) && x > above);

    [Fact]
    public void Bind_PutsTheFiltersTreeWhereTheTemplateCallsIt_ItsParametersAfterTheSource()
    {
        var bound = QueryParts.Bind<Func<int[], int, int, int, int>>(CountAbove, (int first, int second, int x) => x == first || x == second);

        Assert.Equal(["source", "first", "second", "above"], bound.Parameters.Select(p => p.Name));
        Assert.False(new Finds<InvocationExpression>().In(bound), "a call of a delegate is left, which EF Core cannot translate");
        var count = bound.Compile();
        Assert.Equal(3, count([1, 4, 4, 7, 9], 4, 9, 3));
        Assert.Equal(1, count([1, 4, 4, 7, 9], 4, 9, 4));
    }

    [Fact]
    public void Bind_AFilterWithoutParameters_AddsNone()
    {
        var bound = QueryParts.Bind<Func<int[], int, int>>(CountAbove, (int x) => true);

        Assert.Equal(["source", "above"], bound.Parameters.Select(p => p.Name));
        Assert.Equal(4, bound.Compile()([1, 4, 4, 7, 9], 3));
    }

    [Fact]
    public void Bind_AFilterOfAnotherType_IsRefused() =>
        Assert.Throws<ArgumentException>(() => QueryParts.Bind<Func<int[], int, int>>(CountAbove, (string s) => s.Length > 0));

    private sealed class Finds<T> : ExpressionVisitor
        where T : Expression
    {
        private bool _found;

        public bool In(Expression expression)
        {
            Visit(expression);
            return _found;
        }

        public override Expression? Visit(Expression? node)
        {
            _found |= node is T;
            return base.Visit(node);
        }
    }
}
