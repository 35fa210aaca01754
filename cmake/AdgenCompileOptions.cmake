# Compile options every target of ours gets through adgen_set_warnings(target).
# Third-party headers (torch, Qt, OpenCV) come in through imported targets, which CMake marks
# as system includes, so the warnings below apply to our code only.
function(adgen_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
  # Qt's `slots`/`signals` keywords clash with torch headers (c10 uses `slots` as a name).
  target_compile_definitions(${target} PRIVATE QT_NO_KEYWORDS)
endfunction()
