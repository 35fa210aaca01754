#include "brief_history.h"

void BriefHistory::reset(const BriefSnapshot& state) {
    steps_.assign(1, Step{state, {}, {}, 0});
    current_ = 0;
    saved_ = 0;
    openGroup_.clear();
}

bool BriefHistory::record(const BriefSnapshot& state, const QString& label, const QString& group, qint64 nowMs) {
    if (state == current()) return false;
    // A new edit after undo makes the undone steps unreachable.
    steps_.resize(size_t(current_) + 1);
    if (saved_ > current_) saved_ = -1;

    Step& last = steps_.back();
    const bool joins = !group.isEmpty() && group == openGroup_ && current_ > 0 && current_ != saved_ &&
                       nowMs - last.time < kCoalesceMs;
    if (joins) {
        last.state = state;
        last.time = nowMs;
        // Typed and deleted again: the step is gone, not an empty step to undo.
        if (steps_.at(size_t(current_) - 1).state == state) {
            steps_.pop_back();
            --current_;
            openGroup_.clear();
        }
        return true;
    }
    steps_.push_back(Step{state, label, group, nowMs});
    ++current_;
    openGroup_ = group;
    if (int(steps_.size()) > kMaxSteps + 1) {
        steps_.erase(steps_.begin());
        --current_;
        saved_ = saved_ > 0 ? saved_ - 1 : -1;
    }
    return true;
}

QString BriefHistory::undoLabel() const { return canUndo() ? steps_.at(size_t(current_)).label : QString(); }

QString BriefHistory::redoLabel() const { return canRedo() ? steps_.at(size_t(current_) + 1).label : QString(); }

const BriefSnapshot& BriefHistory::undo() {
    Q_ASSERT(canUndo());
    --current_;
    openGroup_.clear();
    return current();
}

const BriefSnapshot& BriefHistory::redo() {
    Q_ASSERT(canRedo());
    ++current_;
    openGroup_.clear();
    return current();
}

void BriefHistory::markSaved() {
    saved_ = current_;
    openGroup_.clear();
}
