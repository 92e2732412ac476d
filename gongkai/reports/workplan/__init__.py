"""政务公开工作要点: a supervisor's yearly work plan split into tasks, and each agency's progress.

The seed document 太政办〔2019〕112号 is such a plan. A supervisor publishes the plan and its
任务分解表 (task, responsible agencies, due date, evidence expected); each responsible agency
reports progress with evidence (catalogue items, text, a link); the supervisor sees a board of
tasks × agencies; an agency's annual report section 六 (落实上级年度政务公开工作要点情况) is
drafted from its tasks.
"""
