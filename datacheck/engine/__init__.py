"""Planning and running suites: stages, the plan compiler and the local Polars runner."""

from datacheck.engine.local import ExecutionLog, MetricValues, execute
from datacheck.engine.plan import Plan, PlannedResult, compile_plan
from datacheck.engine.stages import ROW_STAGE, GroupStage, JoinStage, RowStage, Stage

__all__ = [
    "ROW_STAGE",
    "ExecutionLog",
    "GroupStage",
    "JoinStage",
    "MetricValues",
    "Plan",
    "PlannedResult",
    "RowStage",
    "Stage",
    "compile_plan",
    "execute",
]
