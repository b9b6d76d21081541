// Package liveness checks liveness properties on the state graph that
// explore.Run retains (Options.RetainGraph): possibility (AG EF goal) by
// backward reachability, and leads-to (P ~> Q) under weak and strong
// fairness by a search for fair cycles, with lasso counterexamples.
//
// It works on *explore.Graph alone and knows nothing of any model. States
// are the graph's indices; state predicates are functions of the index,
// usually reading Graph.Labels. Fairness is stated over groups of edge
// classes (Graph.Classes, Graph.Enabled), so one constraint can cover a
// whole family of actions, as WF_vars(System) does in TLA+.
//
// What "enabled" means is the engine's: Graph.Enabled counts every
// successor the model generated, including those a state constraint
// excluded from the graph, but not transitions an action constraint
// removed. A self-loop counts as enabled too; under Options.Stutter it is
// a stuttering step, which takes no group, so a model whose only move in a
// group is a self-loop keeps that group enabled without ever taking it.
//
// Every algorithm is linear in the size of the graph (strong fairness adds
// at most one pass per strongly fair group), iterative, and allocates per
// call, never per state.
package liveness
