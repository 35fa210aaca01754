#pragma once

#include <QString>
#include <QtGlobal>
#include <vector>

#include "brief_snapshot.h"

// The brief's undo/redo history: a line of whole-brief states with a current position, and the
// position of the state last opened or saved, so undoing back to it makes the brief unmodified
// again. Typing into one field is one step, not one per key: an edit in the same group as the
// step just recorded, soon after it, replaces that step.
// Plain C++ with the time passed in, so the rules are tested without waiting.
class BriefHistory final {
    Q_DISABLE_COPY_MOVE(BriefHistory)

public:
    // Keys pressed further apart than this start a new step (about a pause between words).
    static constexpr qint64 kCoalesceMs = 1000;
    // The oldest steps are forgotten beyond this.
    static constexpr int kMaxSteps = 200;

    BriefHistory() = default;

    // Forgets every step; `state` is the brief as opened or created, which is on disk.
    void reset(const BriefSnapshot& state);
    // Records the brief after an edit named `label`. A non-empty `group` (e.g. the field typed
    // in) joins the step just recorded when it is in the same group and less than kCoalesceMs
    // old. Returns false, recording nothing, when `state` is the current state.
    bool record(const BriefSnapshot& state, const QString& label, const QString& group, qint64 nowMs);
    // Stops the step just recorded from growing: the next edit is a step of its own.
    void closeGroup() { openGroup_.clear(); }

    bool canUndo() const { return current_ > 0; }
    bool canRedo() const { return current_ + 1 < int(steps_.size()); }
    // The label of the step undo would take back, or redo would do again; empty if none.
    QString undoLabel() const;
    QString redoLabel() const;
    // Moves one step back or forward and returns the state to show; call only when possible.
    const BriefSnapshot& undo();
    const BriefSnapshot& redo();
    const BriefSnapshot& current() const { return steps_.at(size_t(current_)).state; }

    // The current state is what the file now holds.
    void markSaved();
    // Whether the brief shown is the one on disk (false once that state left the history).
    bool atSavedState() const { return current_ == saved_; }
    int stepCount() const { return int(steps_.size()) - 1; }

private:
    struct Step {
        BriefSnapshot state;
        QString label;  // the edit that led to this state
        QString group;
        qint64 time = 0;
    };

    std::vector<Step> steps_{Step{}};
    int current_ = 0;
    int saved_ = 0;  // -1 when the saved state is no longer in the history
    QString openGroup_;  // the group the current step may still grow in
};
