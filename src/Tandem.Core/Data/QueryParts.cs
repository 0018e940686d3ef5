using System.Linq.Expressions;

namespace Tandem.Core.Data;

/// <summary>
/// One query written once, filtered in several ways: a template takes the filter as a delegate
/// parameter, and <see cref="Bind{TDelegate}"/> puts the filter's own tree where the template calls it.
/// EF Core translates trees, not a call of a delegate, so the result reads as if written out by hand:
/// each variant is its own statement, which PostgreSQL plans for its own parameters.
/// </summary>
internal static class QueryParts
{
    /// <summary>
    /// The template <c>(context, filter, rest…) =&gt; query</c> with the filter's tree in place of each call
    /// of it. The filter's last parameter is what the template passes it; its other parameters become
    /// the query's own, after the context and before the template's rest.
    /// </summary>
    public static Expression<TDelegate> Bind<TDelegate>(LambdaExpression template, LambdaExpression filter)
    {
        if (template.Parameters.Count < 2 || template.Parameters[1].Type != Expression.GetFuncType(filter.Parameters[^1].Type, filter.ReturnType))
        {
            throw new ArgumentException("The template's second parameter must be a delegate taking what the filter's last parameter takes.", nameof(filter));
        }

        var replacements = new Dictionary<ParameterExpression, Expression>
        {
            [template.Parameters[1]] = Expression.Lambda(filter.Body, filter.Parameters[^1]),
        };
        var body = new Substitution(replacements).Visit(template.Body);
        return Expression.Lambda<TDelegate>(body, [template.Parameters[0], .. filter.Parameters.SkipLast(1), .. template.Parameters.Skip(2)]);
    }

    /// <summary>Replaces parameters by expressions; a call of a parameter replaced by a lambda becomes that lambda's body.</summary>
    private sealed class Substitution(Dictionary<ParameterExpression, Expression> replacements) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            replacements.TryGetValue(node, out var replacement) ? replacement : node;

        protected override Expression VisitInvocation(InvocationExpression node)
        {
            if (node.Expression is not ParameterExpression called || !replacements.TryGetValue(called, out var bound) || bound is not LambdaExpression lambda)
            {
                return base.VisitInvocation(node);
            }

            var arguments = lambda.Parameters.Zip(node.Arguments.Select(Visit)).ToDictionary(p => p.First, p => p.Second!);
            return new Substitution(arguments).Visit(lambda.Body);
        }
    }
}
