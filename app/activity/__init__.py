"""The activity log: who viewed or changed case-level data, and who downloaded reports and
exports. Written once; administrators read and filter it (`views`). Which pages count is
decided by `rules` from the page's own address, so a page added later is logged too."""
